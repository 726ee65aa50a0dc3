#!/usr/bin/env python3
"""Writes Tests/DecoderTests/Fixtures/segno.txt: reference QR matrices made by segno.

Runs segno (https://github.com/heuer/segno; `pip install segno`, version printed in the
fixture's header) through its public API, segno.make and segno.make_sequence, with the
version, error level, mode and (except in the "auto" cases) mask forced and boost_error=False,
so each matrix is fully determined by the recorded segments. The Swift test
(SegnoFixtureTests) rebuilds every matrix with QREncoder and requires bit-for-bit equality.

Coverage: every version 1-40 (level and mask rotate so every level and mask appears), all four
modes, mixed-mode, ECI (UTF-8 and Shift_JIS), one structured-append set, and "auto" cases where
segno picks the mask; for those the line also carries segno's N1-N4 penalty of every mask.

segno deviation avoided: when the data stream plus terminator ends exactly on a codeword
boundary below capacity, segno adds a whole 0x00 codeword of "bit padding" before the
0xEC/0x11 pad codewords (ISO/IEC 18004 7.4.10 adds none). A lone byte segment always ends
so (4 + 8 or 16 + 8n + 4 bits), so segno puts 0x00 in every byte-mode symbol that is not
full. Payload lengths here are chosen so that this never happens (byte-only cases fill the
symbol); the script asserts it.

Line format (space-separated fields; '#' lines are comments):
  version level mask forced|auto sa segments penalties matrix
  sa        '-' or 'position,total,parity' (total = number of symbols)
  segments  '+'-joined: N:hex A:hex B:hex K:hex (data bytes in hex; Kanji = Shift JIS bytes), E:number
  penalties '-' or 8 ';'-joined 'n1,n2,n3,n4' (masks 0-7, as segno scored them)
  matrix    row-major modules (1 = dark), zero-padded to whole hex digits, upper-case hex
"""
import pathlib
import platform
import random

import segno
import segno.encoder as enc
from segno import consts

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/DecoderTests/Fixtures/segno.txt"
LEVELS = "LMQH"
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
KANJI = []
for lead in list(range(0x81, 0xA0)) + list(range(0xE0, 0xEB)):
    for trail in range(0x40, 0xFD):
        try:
            ch = bytes([lead, trail]).decode("shift_jis")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1 and ch.encode("shift_jis") == bytes([lead, trail]):
            KANJI.append(ch)

CC_BITS = {"numeric": (10, 12, 14), "alphanumeric": (9, 11, 13), "byte": (8, 16, 16), "kanji": (8, 10, 12)}
LETTER = {"numeric": "N", "alphanumeric": "A", "byte": "B", "kanji": "K"}


def vrange(version):
    return 0 if version < 10 else 1 if version < 27 else 2


def data_bits(mode, n):
    if mode == "numeric":
        return 10 * (n // 3) + (0, 4, 7)[n % 3]
    if mode == "alphanumeric":
        return 11 * (n // 2) + 6 * (n % 2)
    return (8 if mode == "byte" else 13) * n


def stream_bits(segs, version, extra=0):
    return extra + sum(4 + CC_BITS[m][vrange(version)] + data_bits(m, n) for m, n in segs)


def quirk_free(bits, capacity):
    """True unless segno would insert its extra 0x00 codeword (see the module comment)."""
    terminated = bits + min(4, capacity - bits)
    return terminated % 8 != 0 or terminated == capacity


def random_payload(rnd, mode, n):
    if mode == "numeric":
        return "".join(rnd.choice("0123456789") for _ in range(n))
    if mode == "alphanumeric":
        return "".join(rnd.choice(ALNUM) for _ in range(n))
    if mode == "kanji":
        return "".join(rnd.choice(KANJI) for _ in range(n))
    return bytes(rnd.randrange(256) for _ in range(n))


def payload_bytes(mode, payload):
    if mode == "kanji":
        return payload.encode("shift_jis")
    if isinstance(payload, bytes):
        return payload
    return payload.encode("ascii")


def fitting_length(rnd, mode, version, level, low, high):
    capacity = consts.SYMBOL_CAPACITY[version][consts.ERROR_MAPPING[level]]
    n = 1
    while stream_bits([(mode, n + 1)], version) <= capacity:
        n += 1
    largest = n
    n = max(1, int(n * rnd.uniform(low, high)))
    # Byte segments alone always end on a codeword boundary, so only a full symbol avoids the
    # deviation: search down from the random length, then up to the largest.
    for k in list(range(n, 0, -1)) + list(range(n + 1, largest + 1)):
        if quirk_free(stream_bits([(mode, k)], version), capacity):
            return k
    raise AssertionError("no length avoids segno's extra pad codeword")


def matrix_hex(matrix):
    bits = "".join("1" if m else "0" for row in matrix for m in row)
    bits += "0" * (-len(bits) % 4)
    return "%0*X" % (len(bits) // 4, int(bits, 2))


scores = []
_evaluate = enc.evaluate_mask


def recording_evaluate(matrix, width, height):
    s = enc.mask_scores(matrix, width, height)
    scores.append(s)
    assert sum(s) == _evaluate(matrix, width, height)
    return sum(s)


enc.evaluate_mask = recording_evaluate
lines = []


def add(qr, level, forced, segments, sa="-"):
    if forced:
        penalties = "-"
    else:
        assert len(scores) == 8
        penalties = ";".join(",".join(str(x) for x in s) for s in scores)
    assert qr.error == level and not qr.is_micro
    fields = [str(qr.version), level, str(qr.mask), "forced" if forced else "auto", sa,
              "+".join(segments), penalties, matrix_hex(qr.matrix)]
    lines.append(" ".join(fields))


def single(rnd, version, level, mask, mode, low=0.5, high=1.0):
    n = fitting_length(rnd, mode, version, level, low, high)
    payload = random_payload(rnd, mode, n)
    scores.clear()
    qr = segno.make(payload, version=version, error=level, mode=mode, mask=mask, boost_error=False, micro=False)
    add(qr, level, mask is not None, [LETTER[mode] + ":" + payload_bytes(mode, payload).hex().upper()])


rnd = random.Random(18004)
modes = ["numeric", "alphanumeric", "byte", "kanji"]
# Every version; level cycles L M Q H, mask 0-7, mode changes every four versions.
for version in range(1, 41):
    single(rnd, version, LEVELS[(version - 1) % 4], (version - 1) % 8, modes[((version - 1) // 4) % 4])
# Every level with every mode at small versions, forced masks.
for i, (level, mode) in enumerate((l, m) for l in LEVELS for m in modes):
    single(rnd, 1 + i % 6, level, (i * 3) % 8, mode, 0.05, 1.0)
# segno chooses the mask: 24 cases over versions 1-12, every level and mode ...
for i in range(24):
    single(rnd, 1 + i % 12, LEVELS[i % 4], None, modes[(i // 4) % 4], 0.05, 1.0)
# ... and four large symbols, one per level.
for i, version in enumerate((17, 25, 32, 40)):
    single(rnd, version, LEVELS[i], None, modes[(i + 1) % 4], 0.3, 1.0)

# Mixed modes in one symbol.
mixed = [("0123456789012", "numeric"), ("KIOSK-42 $", "alphanumeric"), (b"\x00voucher\xff", "byte"),
         ("\u6f22\u5b57\u70b9\u8317", "kanji"), ("31415", "numeric")]
for version, level, mask in ((3, "L", 5), (11, "H", None), (28, "Q", 2)):
    capacity = consts.SYMBOL_CAPACITY[version][consts.ERROR_MAPPING[level]]
    bits = stream_bits([(m, len(c) if m != "kanji" else len(c)) for c, m in mixed], version)
    assert bits <= capacity and quirk_free(bits, capacity)
    scores.clear()
    content = [(c, enc.normalize_mode(m)) for c, m in mixed]
    qr = segno.make(content, version=version, error=level, mask=mask, boost_error=False, micro=False)
    add(qr, level, mask is not None, [LETTER[m] + ":" + payload_bytes(m, c).hex().upper() for c, m in mixed])

# ECI: UTF-8 (26) and Shift_JIS (20) byte segments announced by an ECI designator.
for text, encoding, eci, version, level, mask in (("Gr\u00fc\u00dfe \u20ac 5 \u5186", "utf-8", 26, 2, "M", 6),
                                                  ("\uff76\uff9e\uff72\uff84\u70b9ABC", "shift_jis", 20, 3, "Q", 1)):
    data = text.encode(encoding)
    capacity = consts.SYMBOL_CAPACITY[version][consts.ERROR_MAPPING[level]]
    assert quirk_free(stream_bits([("byte", len(data))], version, extra=12), capacity)
    qr = segno.make(text, version=version, error=level, mode="byte", mask=mask, encoding=encoding, eci=True,
                    boost_error=False, micro=False)
    add(qr, level, True, ["E:%d" % eci, "B:" + data.hex().upper()])

# Structured append: one message over three version-2 symbols.
message = "KIOSKD VOUCHER SHEET 2026-11-22 " * 3
symbols = segno.make_sequence(message, version=2, error="L", mode="alphanumeric", mask=4, boost_error=False)
chunks = []
k, m = divmod(len(message), len(symbols))
chunks = [message[i * k + min(i, m):(i + 1) * k + min(i + 1, m)] for i in range(len(symbols))]
parity = 0
for b in message.encode("iso-8859-1"):
    parity ^= b
capacity = consts.SYMBOL_CAPACITY[2][consts.ERROR_MAPPING["L"]]
for position, (qr, chunk) in enumerate(zip(symbols, chunks)):
    assert quirk_free(stream_bits([("alphanumeric", len(chunk))], 2, extra=20), capacity)
    add(qr, "L", True, ["A:" + chunk.encode("ascii").hex().upper()], "%d,%d,%d" % (position, len(symbols), parity))

header = [
    "# Reference matrices from segno %s (Python %s), made by tools/make_segno_fixture.py." % (
        segno.__version__, platform.python_version()),
    "# Fields: version level mask forced|auto sa segments penalties matrix (see the script).",
]
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text("\n".join(header + lines) + "\n")
print("wrote %s: %d cases, %d bytes" % (OUT, len(lines), OUT.stat().st_size))
