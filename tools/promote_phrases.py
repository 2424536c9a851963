#!/usr/bin/env python3
"""Moves pending phrase rows that now pass back into the phrase corpus.

Reads the places (`file.tsv:line`) that `cargo test pending_phrases_still_fail` prints, from
standard input, and moves those rows of tests/fixtures/phrases/pending/FILE to the end of
tests/fixtures/phrases/FILE.

    cargo test --test tests pending 2>&1 | python3 tools/promote_phrases.py
"""
import collections
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/phrases"
text = sys.stdin.read()
places = collections.defaultdict(set)
for line in text.splitlines():
    if "now pass" in line:
        for f, n in re.findall(r"([\w.-]+\.tsv):(\d+)", line):
            places[f].add(int(n))
moved = 0
for name, lines in places.items():
    pending = root / "pending" / name
    rows = pending.read_text(encoding="utf-8").split("\n")
    keep = [r for i, r in enumerate(rows, 1) if i not in lines]
    move = [r for i, r in enumerate(rows, 1) if i in lines]
    pending.write_text("\n".join(keep), encoding="utf-8")
    corpus = root / name
    body = corpus.read_text(encoding="utf-8").rstrip("\n")
    corpus.write_text(body + "\n" + "\n".join(move) + "\n", encoding="utf-8")
    moved += len(move)
print(f"moved {moved} rows")
