#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs every test. CI runs exactly this (.ci/run).
# Tests are built optimised (with testability) because the codec tests run millions of decodes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
flags=(-c release -Xswiftc -enable-testing)
swift build "${flags[@]}" --build-tests -Xswiftc -warnings-as-errors
swift test "${flags[@]}" --skip-build
# Crash safety: a child redeems, confirms and refunds while it is SIGKILLed at random instants;
# after each kill the ledger is reopened and checked. Non-zero exit on any violation.
swift build "${flags[@]}" --product ledger-torture -Xswiftc -warnings-as-errors
"$(swift build "${flags[@]}" --show-bin-path)/ledger-torture" --kills 200 --kills-per-ledger 100
# The capture code against a real kernel driver (vivid in a QEMU guest); SKIPPED only if no guest boots.
bash scripts/vivid-test.sh
