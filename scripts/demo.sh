#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs the demo: no camera needed.
#
# What exists today is the QR codec and the offline `kioskctl qr` commands, so the demo renders
# voucher codes to images with our encoder and reads them back with our decoder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product kioskctl
kioskctl="$(swift build -c release --show-bin-path)/kioskctl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "Render a paper voucher's code (text payload, level Q) as PGM and SVG"
"$kioskctl" qr encode --level Q --module 6 --output "$work/voucher.pgm" "KSV1-KOMATSU-000123-7F3A9C2E41D0B6A8"
"$kioskctl" qr encode --level Q --output "$work/voucher.svg" "KSV1-KOMATSU-000123-7F3A9C2E41D0B6A8"
ls -l "$work"

step "Read it back"
"$kioskctl" qr decode "$work/voucher.pgm"

step "A Japanese payload goes in Kanji mode; read back as JSON"
"$kioskctl" qr encode --output "$work/kanji.pgm" "いい街こまつプレミアム 1000円券"
"$kioskctl" qr decode --json "$work/kanji.pgm"

step "Binary payload from standard input, forced version 10, level H, mask 3"
head -c 64 /dev/urandom > "$work/random.bin"
"$kioskctl" qr encode --version 10 --level H --mask 3 --output "$work/random.pgm" < "$work/random.bin"
"$kioskctl" qr decode --json "$work/random.pgm"
echo "expected payload_hex: $(od -An -v -tx1 "$work/random.bin" | tr -d ' \n')"

step "An image with no code is refused with a reason (exit status 1)"
printf 'P5\n64 64\n255\n' > "$work/blank.pgm"
head -c 4096 /dev/zero | tr '\0' '\377' >> "$work/blank.pgm"
if "$kioskctl" qr decode "$work/blank.pgm"; then echo "unexpected success"; exit 1; else echo "exit status $?"; fi
