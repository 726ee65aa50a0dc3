#!/usr/bin/env bash
# Checks the shipped systemd units and drop-ins: `systemd-analyze verify` of the unit with every
# drop-in loaded, and `systemd-analyze security` of the unit alone (at most 1.0) and with each
# drop-in. Needs the release kioskd built (scripts/test.sh builds it). SKIPPED without systemd-analyze.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIPPED: systemd unit check: systemd-analyze is not installed"
  exit 0
fi
bin="$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/kioskd"
[ -x "$bin" ] || { echo "systemd unit check: $bin is not built" >&2; exit 1; }
work=$(mktemp -d /tmp/kioskd-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The units as shipped, with ExecStart pointed at the built binary (verify checks it exists).
cp -r systemd/kioskd.service systemd/kioskd.socket systemd/kioskd.service.d "$work/"
sed -i "s|/usr/local/bin/kioskd|$bin|" "$work/kioskd.service"
systemd-analyze verify "$work/kioskd.service" "$work/kioskd.socket"
loaded=$(SYSTEMD_LOG_LEVEL=debug systemd-analyze verify "$work/kioskd.service" 2>&1 | grep -c "DropIn Path" || true)
[ "$loaded" -eq "$(ls systemd/kioskd.service.d/*.conf | wc -l)" ] || { echo "systemd unit check: only $loaded drop-ins loaded" >&2; exit 1; }
# Exposure scores, offline, in a root of their own.
root="$work/root"
score() {
  rm -rf "$root"; mkdir -p "$root/etc/systemd/system/kioskd.service.d"
  cp systemd/kioskd.service systemd/kioskd.socket "$root/etc/systemd/system/"
  for d in "$@"; do cp "systemd/kioskd.service.d/$d.conf" "$root/etc/systemd/system/kioskd.service.d/"; done
  systemd-analyze security --offline=yes --root="$root" kioskd.service 2>&1 | sed -n 's/.*exposure level for kioskd.service: \([0-9.]*\).*/\1/p'
}
default=$(score)
echo "systemd-analyze security kioskd.service: $default"
for d in shared-ledger display notify-network; do echo "  with $d.conf: $(score "$d")"; done
echo "  with all three: $(score shared-ledger display notify-network)"
awk -v s="$default" 'BEGIN { exit !(s <= 1.0) }' || { echo "systemd unit check: the default unit's exposure $default is above 1.0" >&2; exit 1; }
echo "systemd unit check: PASSED (verify with $loaded drop-ins)"
