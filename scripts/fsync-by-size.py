#!/usr/bin/env python3
"""How this disk's sync time grows with the bytes synced: a WAL commit's shape.

Overwrites a preallocated 4 MiB file in order (as SQLite reuses its WAL after a checkpoint), each
write followed by fdatasync, for several write sizes, in alternating rounds so that a drifting
disk is measured at the same times for every size. Prints writes+syncs per second.

usage: python3 scripts/fsync-by-size.py [DIRECTORY] [ROUNDS]
"""
import os
import sys
import time

directory = sys.argv[1] if len(sys.argv) > 1 else "."
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
sizes = [4096, 12 * 1024, 20 * 1024]
span = 4 << 20
path = os.path.join(directory, "fsync-by-size.tmp")


def rate(size, count=1000):
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        os.pwrite(fd, b"\0" * span, 0)
        os.fsync(fd)
        block = b"x" * size
        offset = 0
        start = time.perf_counter()
        for _ in range(count):
            os.pwrite(fd, block, offset)
            offset = offset + size if offset + 2 * size <= span else 0
            os.fdatasync(fd)
        return count / (time.perf_counter() - start)
    finally:
        os.close(fd)
        os.unlink(path)


totals = {size: 0.0 for size in sizes}
for round_number in range(1, rounds + 1):
    line = []
    for size in sizes:
        r = rate(size)
        totals[size] += r
        line.append(f"{size // 1024} KiB {r:,.0f}/s")
    print(f"round {round_number}: " + ", ".join(line))
print("mean: " + ", ".join(f"{size // 1024} KiB {totals[size] / rounds:,.0f}/s" for size in sizes))
