#!/usr/bin/env bash
# Installs the C/C++ libraries jixiao builds against that PyPI does not carry.
# Debian/Ubuntu only; run as root (or with sudo available). Safe to run again.
set -euo pipefail
packages=(
  g++ cmake pkg-config      # toolchain (cmake also comes from PyPI during the build)
  nlohmann-json3-dev        # JSON (de)serialisation of every record type
  libpcre2-dev              # UTF-8 regular expressions with a JIT
  libzip-dev                # reading .docx containers
  libpugixml-dev            # parsing .docx XML parts
  catch2                    # C++ unit tests
  poppler-utils             # pdftotext, a test tool only: the near-neighbour suite converts the real PDFs
)
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
