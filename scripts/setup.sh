#!/usr/bin/env bash
# Installs the Debian 12 packages kioskd builds and tests against. Idempotent.
set -euo pipefail
# libmicrohttpd: the customer display's HTTP server. chromium, its driver, selenium and a Japanese
# font: the display's test in a real browser (Tests/Integration/display-test.py). librsvg2-bin and
# netpbm: the voucher sheet's test prints a page to pixels and scans it (VoucherSheetTests).
# postgresql and pgbouncer: the shared ledger's tests, direct and through a transaction pool.
packages=(pkg-config libv4l-dev libturbojpeg0-dev libsqlite3-dev libssl-dev libcrypt-dev libpq-dev postgresql pgbouncer
  libmicrohttpd-dev chromium chromium-driver python3-selenium fonts-ipafont-gothic librsvg2-bin netpbm)
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update
  $sudo apt-get install -y "${missing[@]}"
fi
command -v swift >/dev/null || { echo "setup: the Swift 6 toolchain is not on PATH" >&2; exit 1; }
