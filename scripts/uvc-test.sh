#!/usr/bin/env bash
# The UVC integration test: builds Tests/Integration/uvc-capture-test, the software UVC camera
# uvc-gadget-feeder and kioskctl on the host, then runs the test inside a throw-away QEMU guest
# (shared/tools/v4l2-vm) where the kernel's own uvcvideo driver enumerates the camera on the
# dummy_hcd USB controller. Exit status: the test's. It prints a loud SKIPPED line and exits 0
# only when the guest cannot run it at all: no v4l2-vm, no QEMU or kernel, the VM dying before
# the test starts, or the guest lacking dummy_hcd, gadgetfs or uvcvideo (the test exits 77).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

skip() {
  echo "=================================================================="
  echo "SKIPPED: UVC integration test: $*"
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
for product in uvc-capture-test uvc-gadget-feeder kioskctl; do
  swift build "${flags[@]}" --product "$product" -Xswiftc -warnings-as-errors || exit 1
done
bin="$(swift build "${flags[@]}" --show-bin-path)"

if ! setup_log=$("$vm" --setup 2>&1); then
  echo "$setup_log" | tail -5
  skip "v4l2-vm --setup could not install QEMU and the kernel packages"
fi

out=$(mktemp /tmp/uvc-test.XXXXXX)
trap 'rm -f "$out"' EXIT
"$vm" --timeout "${UVC_TEST_TIMEOUT:-900}" -- "$bin/uvc-capture-test" "$bin/uvc-gadget-feeder" "$bin/kioskctl" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 77 ]; then
  skip "$(grep '^SKIPPED: ' "$out" | head -1 | cut -c10-)"
fi
if [ "$rc" -ne 0 ] && ! grep -q '^uvc-capture-test: started' "$out"; then
  # Nothing of the test ran: the guest never got to it.
  if [ "$rc" -eq 125 ] || [ "$rc" -eq 124 ]; then
    skip "the v4l2-vm guest did not boot (status $rc; its messages are above)"
  fi
fi
if [ "$rc" -eq 0 ]; then echo "UVC integration test: PASSED"; else echo "UVC integration test: FAILED (status $rc)"; fi
exit "$rc"
