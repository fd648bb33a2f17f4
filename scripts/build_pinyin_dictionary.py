"""Build ``assets/ime/pinyin.tsv.gz``, the on-screen keyboard's pinyin dictionary.

Run by hand when the dictionary should change, never at install or run time::

    python3 -m venv /tmp/ime && /tmp/ime/bin/pip install pypinyin==0.55.0 jieba==0.42.1
    /tmp/ime/bin/python scripts/build_pinyin_dictionary.py assets/ime/pinyin.tsv.gz

Sources (both MIT licensed): the readings come from pypinyin (its character and
phrase dictionaries, so a word such as 银行 gets "yin hang", not "yin xing"), the
frequencies from jieba's word list. Output, one entry a line, tab-separated:
``word  syllables-joined-by-apostrophes  frequency``; the first line is a ``#``
comment naming the sources and their versions. Entries: every character of the
basic CJK block and extension A that pypinyin knows, once per reading (rare name
characters included; frequency from jieba or 0), and jieba's words of 2-4 such
characters seen at least ``MIN_WORD_FREQ`` times.
"""

from __future__ import annotations

import gzip
import sys
from importlib.metadata import version
from pathlib import Path

import jieba
from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.pinyin_dict import pinyin_dict

MIN_WORD_FREQ = 10
MAX_WORD_LEN = 4


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _jieba_frequencies() -> dict[str, int]:
    path = Path(jieba.__file__).parent / "dict.txt"
    freq: dict[str, int] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and all(_is_han(ch) for ch in parts[0]):
                freq[parts[0]] = int(parts[1])
    return freq


def _usable(syllables: list[str], word: str) -> bool:
    return len(syllables) == len(word) and all(s.isascii() and s.isalpha() for s in syllables)


def build() -> list[tuple[str, str, int]]:
    freq = _jieba_frequencies()
    entries: dict[tuple[str, str], int] = {}
    # how often each character is read each way, over the words it occurs in: a
    # character's frequency is shared out by these, so 见 (jian, rarely xian) does not
    # head the list for "xian", nor 长 read zhang push 长 read chang down
    reading_use: dict[tuple[str, str], int] = {}
    for word, count in freq.items():
        if not 2 <= len(word) <= MAX_WORD_LEN:
            continue
        syllables = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
        if not _usable(syllables, word):
            continue
        for ch, reading in zip(word, syllables, strict=True):
            reading_use[(ch, reading)] = reading_use.get((ch, reading), 0) + count
        if count >= MIN_WORD_FREQ:
            entries[(word, "'".join(syllables))] = count
    for code in pinyin_dict:
        ch = chr(code)
        if not _is_han(ch):
            continue
        readings = [
            r
            for r in dict.fromkeys(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])
            if r.isascii() and r.isalpha()
        ]
        # a reading never seen in a word gets a small share, the default reading (first)
        # a little more, so a character alone still comes up under each of its readings
        use = {
            r: reading_use.get((ch, r), 0) + (2 if i == 0 else 1) for i, r in enumerate(readings)
        }
        total = sum(use.values())
        for reading in readings:
            entries[(ch, reading)] = freq.get(ch, 0) * use[reading] // total
    # by initials, then most frequent first: the engine indexes by initials and keeps the
    # file's order, so it loads without sorting
    return sorted(
        ((w, s, f) for (w, s), f in entries.items()),
        key=lambda e: ("".join(x[0] for x in e[1].split("'")), -e[2], e[1], e[0]),
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = build()
    header = (
        f"# pinyin dictionary: readings from pypinyin {version('pypinyin')}, frequencies from"
        f" jieba {version('jieba')} (both MIT); {len(rows)} entries;"
        " built by scripts/build_pinyin_dictionary.py\n"
    )
    # mtime=0: the same sources give the same bytes
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(header.encode("utf-8"))
        for word, syllables, count in rows:
            gz.write(f"{word}\t{syllables}\t{count}\n".encode())
    print(f"{out}: {len(rows)} entries, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
