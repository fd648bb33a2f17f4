"""Pinyin to Chinese characters: segment the typed letters, look up ranked candidates.

What a resident types on the kiosk keyboard is toneless pinyin, ``v`` for ü, with
an optional apostrophe to force a syllable boundary (``xi'an``). Full syllables
(``beijing``), unfinished ones (``zhon``) and initials only (``bj``) all work: the
letters are cut into tokens, each a whole syllable or the start of one; a whole
syllable must match exactly, a partial one matches any syllable it starts.

Candidates come whole-input first (most frequent first, over the cuts with the
fewest tokens, then one more), then shorter words for the first tokens (so a
resident can build a rare name character by character). Each candidate says how
many of the typed characters it consumes; the rest stays in composition.
"""

from __future__ import annotations

import gzip
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path

from kiosk.paths import ASSETS

log = logging.getLogger(__name__)

DICTIONARY_PATH = ASSETS / "ime" / "pinyin.tsv.gz"

#: a typed syllable boundary
SEPARATOR = "'"

#: how many cuts of the letters are looked up (the fewest tokens first)
MAX_SEGMENTATIONS = 12

_FREQUENCY = itemgetter(2)

#: lines read between two offers of the interpreter lock while loading (~0.3 ms)
YIELD_EVERY = 200

#: a dictionary entry: (syllables joined by apostrophes, word, frequency)
Entry = tuple[str, str, int]
#: a token of the typed letters and the index just after it in the typed text
Token = tuple[str, int]


@dataclass(frozen=True)
class Candidate:
    text: str
    #: how many typed characters (apostrophes included) this candidate stands for
    consumed: int


class PinyinDictionary:
    """Words with their syllables and frequencies, indexed by their syllables' initials."""

    def __init__(self, entries: Iterable[tuple[str, Sequence[str], int]]) -> None:
        by_initials: dict[str, list[Entry]] = {}
        syllables: set[str] = set()
        #: a character's most frequent reading, and that frequency (for :meth:`spell`)
        readings: dict[str, tuple[str, int]] = {}
        count = 0
        for word, word_syllables, freq in entries:
            key = "".join(s[0] for s in word_syllables)
            by_initials.setdefault(key, []).append((SEPARATOR.join(word_syllables), word, freq))
            syllables.update(word_syllables)
            if len(word) == 1 and freq >= readings.get(word, ("", -1))[1]:
                readings[word] = (word_syllables[0], freq)
            count += 1
        self._readings = {ch: reading for ch, (reading, _) in readings.items()}
        for bucket in by_initials.values():
            # most frequent first (stable: equals keep their order). The shipped file is
            # in this order already, and itemgetter keeps the sort in C: no Python call
            # per entry while the GUI thread may be waiting for the interpreter lock
            bucket.sort(key=_FREQUENCY, reverse=True)
        self._by_initials = by_initials
        #: syllables that end a token for certain; those without a vowel (m, n, ng, hm)
        #: are left out so that "n" in "nh" (你好) is read as an initial
        self.syllables = frozenset(s for s in syllables if any(v in s for v in "aeiouv"))
        self.prefixes = frozenset(s[:i] for s in syllables for i in range(1, len(s) + 1))
        self.size = count

    @classmethod
    def load(cls, path: Path = DICTIONARY_PATH) -> PinyinDictionary:
        def rows() -> Iterable[tuple[str, Sequence[str], int]]:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                for n, line in enumerate(f):
                    if n % YIELD_EVERY == 0:
                        # let a waiting thread (the GUI's) have the interpreter lock now,
                        # not after the 5 ms switch interval: it takes and drops the
                        # lock many times a frame, and would wait each time
                        time.sleep(0)
                    if line.startswith("#"):
                        continue
                    word, syllables, freq = line.rstrip("\n").split("\t")
                    yield word, syllables.split(SEPARATOR), int(freq)

        dictionary = cls(rows())
        log.info("pinyin dictionary loaded", extra={"entries": dictionary.size})
        return dictionary

    def spell(self, text: str) -> tuple[str, str]:
        """``text`` in toneless pinyin, whole and by initials ("身份证" -> "shenfenzheng",
        "sfz"), each character by its most frequent reading; other characters (Latin
        letters, digits) as they are, lower-cased; the rest left out."""
        whole: list[str] = []
        initials: list[str] = []
        for ch in text:
            reading = self._readings.get(ch)
            if reading is None and ch.isascii() and ch.isalnum():
                reading = ch.lower()
            if reading:
                whole.append(reading)
                initials.append(reading[0])
        return "".join(whole), "".join(initials)

    def matches(self, tokens: Sequence[str]) -> list[Entry]:
        """Entries whose syllables the tokens spell, most frequent first."""
        bucket = self._by_initials.get("".join(t[0] for t in tokens), [])
        exact = [t in self.syllables for t in tokens]
        found = []
        for entry in bucket:
            parts = entry[0].split(SEPARATOR)
            if all(
                (p == t) if whole else p.startswith(t)
                for p, t, whole in zip(parts, tokens, exact, strict=True)
            ):
                found.append(entry)
        return found


class PinyinEngine:
    def __init__(self, dictionary: PinyinDictionary) -> None:
        self.dictionary = dictionary
        self._segment = cache(self._segment_uncached)

    def segmentations(self, typed: str) -> list[tuple[Token, ...]]:
        """Cuts of ``typed`` into tokens: the fewest tokens first, then one more token;
        among equals, more whole syllables first. Empty if the letters spell nothing."""
        return self._segment(typed.lower(), 0)

    def candidates(self, typed: str, limit: int = 60) -> list[Candidate]:
        typed = typed.lower()
        cut = len(typed)
        segmentations: list[tuple[Token, ...]] = []
        while cut > 0 and not segmentations:  # letters that spell nothing are left typed
            segmentations = self._segment(typed[:cut], 0)
            cut -= 1
        if not segmentations:
            return []
        seen: set[str] = set()
        out: list[Candidate] = []

        def add(entries: Iterable[Entry], consumed: int) -> None:
            for _, word, _ in entries:
                if word not in seen:
                    seen.add(word)
                    out.append(Candidate(word, consumed))

        fewest = len(segmentations[0])
        for group in (fewest, fewest + 1):
            whole: list[Entry] = []
            consumed = 0
            for seg in segmentations:
                if len(seg) == group:
                    whole.extend(self.dictionary.matches([t for t, _ in seg]))
                    consumed = seg[-1][1]
            whole.sort(key=lambda e: -e[2])
            add(whole, consumed)
        best = segmentations[0]
        for k in range(len(best) - 1, 0, -1):
            add(self.dictionary.matches([t for t, _ in best[:k]]), best[k - 1][1])
        return out[:limit]

    def _segment_uncached(self, typed: str, start: int) -> list[tuple[Token, ...]]:
        n = len(typed)
        if start == n:
            return [()]
        if typed[start] == SEPARATOR:
            return self._segment(typed, start + 1)
        results: list[tuple[Token, ...]] = []
        end = start + 1
        while (
            end <= n
            and typed[end - 1] != SEPARATOR
            and typed[start:end] in self.dictionary.prefixes
        ):
            for rest in self._segment(typed, end):
                results.append(((typed[start:end], end), *rest))
            end += 1
        if not results:
            return []
        fewest = min(len(r) for r in results)
        syllables = self.dictionary.syllables
        kept = [r for r in results if len(r) <= fewest + 1]
        kept.sort(key=lambda r: (len(r), -sum(t in syllables for t, _ in r)))
        return kept[:MAX_SEGMENTATIONS]


_shared_lock = threading.Lock()
_shared: list[PinyinEngine] = []


def shared_engine() -> PinyinEngine:
    """The process's engine, loaded on first use (~0.3 s). The kiosk's warm-up thread
    calls this at start, so the keyboard never loads it on the GUI thread."""
    with _shared_lock:
        if not _shared:
            _shared.append(PinyinEngine(PinyinDictionary.load()))
        return _shared[0]


def shared_engine_if_loaded() -> PinyinEngine | None:
    return _shared[0] if _shared else None
