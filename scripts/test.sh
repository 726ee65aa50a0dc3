#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs every test. CI runs exactly this (.ci/run).
# Tests are built optimised (with testability) because the codec tests run millions of decodes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
flags=(-c release -Xswiftc -enable-testing)
swift build "${flags[@]}" --build-tests -Xswiftc -warnings-as-errors
swift test "${flags[@]}" --skip-build
# The customer display in a real browser (Debian's chromium, headless, through selenium): each
# stage's text checked, screenshots in .build/display-screenshots/, the scan-to-screen latency p99.
/usr/bin/python3 Tests/Integration/display-test.py --bin "$(swift build "${flags[@]}" --show-bin-path)"
# The ledger suite again, against PostgreSQL: a server of one's own when KIOSK_TEST_POSTGRESQL holds
# its conninfo (each test makes and drops its own schema), else a throwaway cluster on a Unix socket.
# Then once more through a PgBouncer in transaction pooling mode in front of that cluster, the ledger
# opened as `pooled = yes`: nothing may depend on a session the pool does not keep.
if [ -z "${KIOSK_TEST_POSTGRESQL:-}" ]; then
  cluster=$(mktemp -d /tmp/kiosk-test-pg.XXXXXX)
  trap 'bash scripts/pgbouncer.sh stop "$cluster/pool" || true; bash scripts/postgresql-cluster.sh stop "$cluster" || true; rm -rf "$cluster"' EXIT
  KIOSK_TEST_POSTGRESQL=$(bash scripts/postgresql-cluster.sh start "$cluster")
  KIOSK_TEST_PGBOUNCER=$(bash scripts/pgbouncer.sh start "$cluster/pool" "$cluster")
fi
KIOSK_TEST_LEDGER=postgresql KIOSK_TEST_POSTGRESQL="$KIOSK_TEST_POSTGRESQL" \
  swift test "${flags[@]}" --skip-build --filter KioskTests
if [ -n "${KIOSK_TEST_PGBOUNCER:-}" ]; then
  KIOSK_TEST_LEDGER=postgresql KIOSK_TEST_POSTGRESQL="$KIOSK_TEST_PGBOUNCER" KIOSK_TEST_POOLED=1 \
    swift test "${flags[@]}" --skip-build --filter KioskTests
fi
# Crash safety: a child redeems, confirms and refunds while it is SIGKILLed at random instants;
# after each kill the ledger is reopened and checked. Non-zero exit on any violation.
swift build "${flags[@]}" --product ledger-torture -Xswiftc -warnings-as-errors
"$(swift build "${flags[@]}" --show-bin-path)/ledger-torture" --kills 200 --kills-per-ledger 100
# The shipped systemd units and drop-ins: verify, and the exposure scores (the default at most 1.0).
bash scripts/systemd-check.sh
# The capture code against a real kernel driver (vivid in a QEMU guest); SKIPPED only if no guest boots.
bash scripts/vivid-test.sh
# The same code against the kernel's USB webcam driver, uvcvideo, and a software UVC camera on the
# guest's dummy USB controller; SKIPPED only if no guest boots or it lacks the USB modules.
bash scripts/uvc-test.sh
# docs/install.md followed to the letter in a temporary root, up to the first payment and its refund
# (last: the page's own `swift build` builds the products without testability).
/usr/bin/python3 Tests/Integration/install-test.py
