#!/usr/bin/env bash
# Installs what scripts/fuzz.sh needs beyond scripts/install-system-deps.sh: clang and its
# sanitizer and libFuzzer runtimes (Debian/Ubuntu; run as root or with sudo). Safe to run again.
set -euo pipefail
bash "$(dirname "$0")/install-system-deps.sh"
packages=(clang libclang-rt-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
