#!/usr/bin/env bash
# Installs every Debian package huizong needs (toolchain included), then configures
# and builds into build/. Idempotent and non-interactive; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3 bc time
  libicu-dev nlohmann-json3-dev libxlsxwriter-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  catch2 libkainjow-mustache-dev libcli11-dev libfmt-dev
  libzip-dev libpugixml-dev
  # the .docx writer: minizip (zlib's; libxlsxwriter's too) and zlib
  libminizip-dev zlib1g-dev
  # deflate of the .docx and workbook parts: ISA-L (igzip)
  libisal-dev
  # the output folder's fingerprints of what it writes: XXH3 (common/text.h quick_fingerprint)
  libxxhash-dev
  # messages in the user's language: msgfmt and xgettext at build and test time (GNU gettext)
  gettext
  # fuzz/ (docs/fuzzing.md): libFuzzer and its sanitizer runtimes, llvm-symbolizer for stacks
  clang-16 libclang-rt-16-dev llvm-16
  # bench/run.sh: the Python reference script it times huizong against (../shared/tools/baseline_py)
  python3-jinja2 python3-xlsxwriter
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
cmake --build build
