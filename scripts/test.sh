#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs every test. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests -Xswiftc -warnings-as-errors
swift test --skip-build --parallel
