#!/usr/bin/env bash
# Installs the C/C++ libraries jixiao builds against that PyPI does not carry.
# Debian/Ubuntu only; run as root (or with sudo available). Safe to run again.
# `install-system-deps.sh test` also installs what only the tests need; `fuzz` what scripts/fuzz.sh needs.
set -euo pipefail
packages=(
  g++ cmake pkg-config      # toolchain (cmake also comes from PyPI during the build)
  nlohmann-json3-dev        # JSON (de)serialisation of every record type
  libpcre2-dev              # UTF-8 regular expressions with a JIT
  libzip-dev                # reading .docx and .xlsx containers
  libpugixml-dev            # parsing their XML parts
  catch2                    # C++ unit tests
  poppler-utils             # pdftotext, a test tool only: the near-neighbour suite converts the real PDFs
)
for extra in "$@"; do
  case $extra in
    test)
      # LibreOffice converts .doc/.wps/.xls (optional at run time; the tests exercise it).
      # About 100 MB to fetch and 300 MB on disk; installing took 84 s here (most archives already cached).
      packages+=(libreoffice-writer-nogui libreoffice-calc-nogui)
      # The review desk's browser tests: headless Chromium driven by selenium through chromedriver.
      packages+=(chromium chromium-driver) ;;
    fuzz)
      # scripts/fuzz.sh: clang with its sanitizer and libFuzzer runtimes.
      packages+=(clang libclang-rt-dev) ;;
    *) echo "install-system-deps.sh: unknown set '$extra' (test, fuzz)" >&2; exit 2 ;;
  esac
done
# The tests draw charts with Chinese labels (matplotlib) and render pages in Chinese: one CJK font (about 5 MB).
if [[ " $* " == *" test "* ]]; then packages+=(fonts-wqy-microhei); fi
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
