#!/usr/bin/env bash
# The vivid integration test: builds tests/Integration/vivid-capture-test on the host, then runs
# it inside a throw-away QEMU guest with the kernel's vivid V4L2 driver (shared/tools/v4l2-vm).
# Exit status: the test's. Only when the guest cannot boot at all (no v4l2-vm, no QEMU or
# kernel, the VM dying before the test starts) does it print a loud SKIPPED line and exit 0.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

skip() {
  echo "=================================================================="
  echo "SKIPPED: vivid integration test: $*"
  echo "=================================================================="
  exit 0
}

vm=${V4L2_VM_TOOL:-}
if [ -z "$vm" ]; then
  for candidate in "$root/../shared/tools/v4l2-vm" "$(command -v v4l2-vm 2>/dev/null)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then vm=$candidate; break; fi
  done
fi
[ -n "$vm" ] || skip "v4l2-vm not found (set V4L2_VM_TOOL or put shared/tools/v4l2-vm beside the repository)"

# The same flags as scripts/test.sh, so CI reuses its build.
flags=(-c release -Xswiftc -enable-testing)
swift build "${flags[@]}" --product vivid-capture-test -Xswiftc -warnings-as-errors || exit 1
bin="$(swift build "${flags[@]}" --show-bin-path)/vivid-capture-test"

if ! setup_log=$("$vm" --setup 2>&1); then
  echo "$setup_log" | tail -5
  skip "v4l2-vm --setup could not install QEMU and the kernel packages"
fi

out=$(mktemp /tmp/vivid-test.XXXXXX)
trap 'rm -f "$out"' EXIT
"$vm" --timeout 600 -- "$bin" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ] && ! grep -q '^\[\(PASS\|FAIL\)\]' "$out"; then
  # Nothing of the test ran: the guest never got to it.
  if [ "$rc" -eq 125 ] || [ "$rc" -eq 124 ]; then
    skip "the v4l2-vm guest did not boot (status $rc; its messages are above)"
  fi
fi
if [ "$rc" -eq 0 ]; then echo "vivid integration test: PASSED"; else echo "vivid integration test: FAILED (status $rc)"; fi
exit "$rc"
