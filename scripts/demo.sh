#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs the demo: no camera and no other setup needed.
#
# A demo kiosk (fresh ledger with a 1,000-yen paper voucher program, ten vouchers and an
# e-ticket) runs kioskd on its synthetic camera, which slides the demo vouchers under the lens
# one after another. Driven only through kioskctl, the clerk logs in (changing the initial
# password), opens a 3,000-yen session, watches the camera read vouchers into it ("insufficient"
# until complete), which the unattended kiosk then confirms by itself (a POS confirm repeated twice
# returns the same payment); the
# sales summary shows it; the manager refunds it and exports the settlement data CSV; then the
# spent vouchers' balance and the QR codec on its own. It leaves the daemon's log and the demo kiosk in a directory it names.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product kioskd
swift build -c release --product kioskctl
bin="$(swift build -c release --show-bin-path)"
demo="$(mktemp -d /tmp/kioskd-demo.XXXXXX)"
step() { printf '\n== %s\n' "$*"; }

step "A fresh demo kiosk in $demo"
"$bin/kioskd" demo-setup "$demo" --display 127.0.0.1:8080
sed -n '1,4p' "$demo/vouchers.txt"

step "Start kioskd on the synthetic camera (log: $demo/kioskd.log)"
"$bin/kioskd" --config "$demo/kioskd.conf" 2> "$demo/kioskd.log" &
daemon=$!
trap 'kill $daemon 2>/dev/null || true' EXIT
ctl() { "$bin/kioskctl" --socket "$demo/control.sock" "$@"; }
for _ in $(seq 50); do ctl status >/dev/null 2>&1 && break; sleep 0.1; done
ctl status
echo "The customer display: http://127.0.0.1:8080/ (open it in a browser while the demo runs; docs/display.md)"
# Where chromium is installed, the customer's screen is recorded: a screenshot at each change.
"$(command -v /usr/bin/python3 || command -v python3)" scripts/display-screenshots.py --url http://127.0.0.1:8080/ --out "$demo/screenshots" &
recorder=$!
trap 'kill $daemon $recorder 2>/dev/null || true' EXIT
# Let the recorder see the screen before the session opens (it exits at once without chromium).
for _ in $(seq 150); do
  { compgen -G "$demo/screenshots/01-*.png" >/dev/null || ! kill -0 $recorder 2>/dev/null; } && break
  sleep 0.1
done

step "Log in as the clerk (staff); an initial password must be changed first"
export XDG_RUNTIME_DIR="$demo/run"   # kioskctl keeps the login token there
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
password() { awk -v n="$1" '$1 == n {print $3}' "$demo/accounts.txt"; }
ctl login clerk --password-fd 3 3< <(password clerk)
ctl session open --program KMTPREMIUM --amount 3000 || echo "(exit status $?: change the initial password first)"
ctl password change --password-fd 3 3< <(printf '%s\nClerk-demo-1\n' "$(password clerk)")

step "Open a 3,000-yen session for the paper voucher program"
session=$(ctl --json session open --program KMTPREMIUM --amount 3000 | sed -n 's/.*"session":"\([0-9a-f]*\)".*/\1/p')
ctl session status "$session"

step "Vouchers come into view and are read (one card every 2.5 s); the kiosk confirms by itself"
last=""
for _ in $(seq 120); do
  now=$(ctl session status "$session")
  if [ "$now" != "$last" ]; then echo "$now"; echo; last=$now; fi
  case "$now" in *confirmed*) break ;; esac
  sleep 0.5
done
case "$last" in *confirmed*) ;; *) echo "the session was not confirmed"; exit 1 ;; esac
echo "(the demo kiosk is unattended: [sessions] confirm = automatic)"

step "The POS confirms too, twice: the same payment, never a second one"
ctl session confirm "$session"
echo
ctl session confirm "$session"
echo "(one session, one payment: the confirm uses the session's own idempotency key)"

step "Balance inquiry of the first voucher read, and a typed fallback code"
first=$(ctl --json session status "$session" | sed -n 's/.*"code":"KMTPREMIUM voucher 0*\([0-9]*\)".*/\1/p' | head -1)
ctl balance "$(awk -v s="$first" '$1 == s {print $2}' "$demo/vouchers.txt")"
echo
ctl balance --typed "$(awk '$1 == 10 {print $3}' "$demo/vouchers.txt")"

step "A forged code is refused before the ledger is consulted"
ctl balance "KQ1P:KMTPREMIUM:00000005:AAAAAAAAAAAAAAAA" || echo "(exit status $?)"

step "The sales summary (売上照会) shows today's payment"
ctl report sales

step "The manager logs in and refunds the payment"
payment=$(ctl --json session status "$session" | sed -n 's/.*"payment":"\(P[0-9]*\)".*/\1/p')
export XDG_RUNTIME_DIR="$demo/run-manager"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
ctl login manager --password-fd 3 3< <(password manager) >/dev/null
ctl password change --password-fd 3 3< <(printf '%s\nManager-demo-1\n' "$(password manager)")
ctl refund preview "$payment"
echo
ctl refund confirm "$payment" --key demo-refund-1 --memo "demo refund"
echo
ctl report sales

step "Export the settlement data CSV (決済データ, Shift_JIS) in the background and fetch it"
today=$(ctl --json report sales | sed -n 's/.*"to":"\([0-9-]*\)".*/\1/p')
receipt=$(ctl --json export request --from "$today" --to "$today" --encoding shift_jis | sed -n 's/.*"receipt":"\([0-9-]*\)".*/\1/p')
for _ in $(seq 50); do
  ctl --json export status "$receipt" | grep -q '"state":"finished"' && break
  sleep 0.2
done
ctl export status "$receipt"
ctl export fetch "$receipt" --output "$demo/settlement.csv"
iconv -f SHIFT_JIS -t UTF-8 "$demo/settlement.csv" | cut -d, -f1-16

step "kioskd status: camera, scanner and ledger figures"
ctl status

step "The QR codec on its own: encode a voucher code to PGM and read it back"
code=$(awk '$1 == 9 {print $2}' "$demo/vouchers.txt")
"$bin/kioskctl" qr encode --level Q --output "$demo/voucher9.pgm" "$code"
"$bin/kioskctl" qr decode --json "$demo/voucher9.pgm"

step "Stop kioskd (SIGTERM); its log"
if kill -0 $recorder 2>/dev/null; then sleep 9; fi  # the display returns to idle 8 s after a payment
kill -TERM $recorder 2>/dev/null || true
wait $recorder || true
kill -TERM $daemon
wait $daemon || true
trap - EXIT
cat "$demo/kioskd.log"
echo
echo "The demo kiosk is in $demo (ledger, config, vouchers, log; the customer's screen in screenshots/)."
