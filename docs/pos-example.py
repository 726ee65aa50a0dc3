#!/usr/bin/env python3
"""A point-of-sale client of kioskd, as short as the protocol allows (docs/protocol.md).

It logs in, subscribes to events, opens a session for the sale's amount, and waits: the customer
holds vouchers under the camera, the kiosk reads them and (with `[sessions] confirm = automatic`)
confirms by itself. On the payment event it prints the receipt lines and exits 0; a session that
is aborted or expires exits 1. If the connection breaks, `session.status` of the same session
tells what became of it, even after kioskd restarted.

    KIOSK_POS_PASSWORD=... python3 docs/pos-example.py --socket /run/kioskd/control.sock \\
        --user pos --program KMTPREMIUM --amount 3000
"""
import argparse
import json
import os
import socket
import sys


class Kiosk:
    """One connection to kioskd: JSON lines out, replies and events in."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.lines = self.sock.makefile("r", encoding="utf-8")
        self.token = None
        self.next_id = 1
        self.events = []

    def call(self, op, **fields):
        """Sends a request and returns its result; events that arrive first are kept."""
        request_id = self.next_id
        self.next_id += 1
        request = {"id": request_id, "op": op, **fields}
        if self.token:
            request["token"] = self.token
        self.sock.sendall((json.dumps(request) + "\n").encode())
        while True:
            message = self.read()
            if message.get("id") == request_id:
                if not message["ok"]:
                    raise SystemExit(f"kioskd refused {op}: {message['error']['message']} [{message['error']['code']}]")
                return message["result"]
            self.events.append(message)

    def read(self):
        line = self.lines.readline()
        if not line:
            raise SystemExit("kioskd closed the connection; ask `session.status` what became of the session")
        return json.loads(line)

    def next_event(self):
        return self.events.pop(0) if self.events else self.read()


def main():
    parser = argparse.ArgumentParser(description="Sell for an amount and wait for the kiosk's payment.")
    parser.add_argument("--socket", default="/run/kioskd/control.sock")
    parser.add_argument("--user", default="pos")
    parser.add_argument("--program", required=True)
    parser.add_argument("--amount", type=int, required=True)
    args = parser.parse_args()

    kiosk = Kiosk(args.socket)
    kiosk.token = kiosk.call("login", name=args.user, password=os.environ["KIOSK_POS_PASSWORD"])["token"]
    kiosk.call("events.subscribe")
    session = kiosk.call("session.open", program=args.program, amount=args.amount)["session"]
    print(f"session {session}: {args.amount:,} yen; the customer holds vouchers under the camera", flush=True)

    while True:
        event = kiosk.next_event()
        kind, data = event.get("event"), event.get("data", {})
        if kind == "session" and data.get("session") == session:
            print(f"  read {data['total']:,} yen, missing {data['missing']:,} yen ({data['state']})", flush=True)
            if data["state"] in ("aborted", "expired"):
                print(f"session {session} {data['state']}: nothing was paid")
                return 1
        elif kind == "scan_refused" and data.get("session") == session:
            print(f"  refused: {data['message']}", flush=True)
        elif kind == "payment" and data.get("session") == session:
            print(f"payment {data['payment']}  {data['time']}  {data['amount']:,} yen")
            for number, line in enumerate(data["lines"], 1):
                print(f"  {number}. {line['code']}  {line['amount']:,} yen")
            return 0


if __name__ == "__main__":
    sys.exit(main())
