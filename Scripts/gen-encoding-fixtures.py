#!/usr/bin/env python3
"""Writes Tests/Fixtures/encodings/: files in the encodings `import --encoding` reads, made by an
independent writer (Python's codecs and csv module), as offices' spreadsheets save them.

- centers-gb18030.csv, stats-gb18030.csv: Examples/*.csv encoded as GB18030 (what Excel on
  Chinese Windows saves as "CSV");
- centers-utf16.txt, stats-utf16.txt: the same records as tab-separated UTF-16 little-endian with a
  byte-order mark and CRLF line ends (Excel's "Unicode text"; a .txt name, so that only the
  content says TSV);
- gb18030-reference.gb and gb18030-reference.utf8: every two-byte GB18030 code, a sample of the
  four-byte ones (every 7th BMP code, every 997th supplementary one, and the last of each), and
  what Python's gb18030 codec decodes them to, for the decoder's test.

Usage: Scripts/gen-encoding-fixtures.py   (the output is committed; rerun after changing Examples/)
"""
import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "Fixtures" / "encodings"


def four_byte(linear, first=0x81):
    b1, rest = first + linear // 12600, linear % 12600
    b2, rest = 0x30 + rest // 1260, rest % 1260
    return bytes([b1, b2, 0x81 + rest // 10, 0x30 + rest % 10])


def reference():
    codes = [bytes([lead, trail]) for lead in range(0x81, 0xFF)
             for trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFF))]
    codes += [four_byte(linear) for linear in list(range(0, 39420, 7)) + [39419]]
    codes += [four_byte(linear, 0x90) for linear in list(range(0, 0x100000, 997)) + [0xFFFFF]]
    good = b""
    for code in codes:
        try:
            code.decode("gb18030")
        except UnicodeDecodeError:
            continue  # the one undefined BMP four-byte code, if sampled
        good += code
    return good, good.decode("gb18030").encode("utf-8")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in ("centers", "stats"):
        text = (ROOT / "Examples" / f"{kind}.csv").read_text(encoding="utf-8")
        (OUT / f"{kind}-gb18030.csv").write_bytes(text.encode("gb18030"))
        records = list(csv.reader(io.StringIO(text, newline="")))
        tsv = io.StringIO()
        csv.writer(tsv, delimiter="\t", lineterminator="\r\n").writerows(records)
        (OUT / f"{kind}-utf16.txt").write_bytes(b"\xff\xfe" + tsv.getvalue().encode("utf-16-le"))
    encoded, decoded = reference()
    (OUT / "gb18030-reference.gb").write_bytes(encoded)
    (OUT / "gb18030-reference.utf8").write_bytes(decoded)
    for bad in (b"\x80", b"\xff", b"\x81\x20", b"\x81\x7f", b"\x84\x31\xa5\x30", b"\xe3\x32\x9a\x36", b"\x85\x30\x81\x30",
                b"\x81\x30\x20\x30"):
        try:
            bad.decode("gb18030")
        except UnicodeDecodeError:
            continue
        raise SystemExit(f"error: {bad!r} was expected to be invalid GB18030")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
