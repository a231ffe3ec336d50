"""Spelling tolerance: a question word the articles never use meets the words they do.

Readers write "Zelenskyy", "Kiev", "invasoin" or "neighbour" where the article
says "Zelenskiy", "Kyiv", "invasion" or "neighboring". Only words that are
*not* in the vocabulary are looked up (so the cost is paid for unknown words
only), against the articles' surface words with rapidfuzz's normalised
Indel similarity, which scores transliteration variants (kiev/kyiv 75,
kharkov/kharkiv 86) and typos (invasoin/invasion 88) alike. Words are
compared after folding spellings that transliteration swaps (kh/h, ph/f,
y/i, doubled letters: Harkiv/Kharkiv, foto/photo, refugess/refugees). A
match must share the first letter after folding — transliterations and typos
rarely change it, while unrelated look-alikes often do (rate/late) — and
clear a cutoff that rises for short words, where one letter is a bigger change. A word that shares
most of its letters as a prefix (Norway/Norwegian, Benin/Beninese) is
a relative too, at a fixed lower similarity. A word the reader capitalised
is a name, and a name's variant is a name: it is only matched to words the
articles capitalise mid-sentence (so "Peace" does not become "place").
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.lines import ByLength, Lines, letter_set
from bot.memo import Bounded

LOOKUP_CACHE = 20_000  # unknown words remembered (a memory bound, not a tuning value)
CDIST_FROM = 4096  # choices from which `closest` scores them in one cdist row
# a band's lines from which a lookup scores only those whose letters can pass (`passable`):
# its numpy calls cost ~35 us a lookup, what scoring ~1,000 words costs (docs/performance.md)
LETTERS_FROM = 1024


@dataclass(frozen=True)
class SpellingSettings:
    """`retrieval.spelling` in config.yaml: how close a spelling must be to count."""

    min_length: int = 4  # shorter words are too ambiguous to guess at
    candidates: int = 3  # close words kept per unknown word
    prefix_share: float = 0.6  # a word sharing this share of its letters as a prefix is a relative
    prefix_similarity: float = 0.6  # ... and counts like a 60% match (Norway/Norwegian)
    short_cutoff: float = 75.0  # similarity (0-100) a word of up to 4 letters needs
    medium_cutoff: float = 80.0  # ... of 5-6 letters, where one letter is a bigger change
    long_cutoff: float = 78.0  # ... of 7 letters or more

    def cutoff(self, word: str) -> float:
        """The similarity (0..100) a candidate needs: stricter for short words."""
        if len(word) <= 4:
            return self.short_cutoff
        if len(word) <= 6:
            return self.medium_cutoff
        return self.long_cutoff


@dataclass(frozen=True)
class Match:
    word: str  # the vocabulary's surface word
    similarity: float  # 0..1


class FuzzyVocabulary:
    """Surface words of the knowledge base, searchable by similarity; lookups are cached."""

    def __init__(
        self,
        words: Iterable[str] = (),
        names: Iterable[str] = (),
        settings: SpellingSettings = SpellingSettings(),
        *,
        tables: tuple[Table, Table] | None = None,  # made already (saved with an index)
    ):
        """The tables of `words` and `names`, or `tables` (words', names') made already."""
        self.settings = settings
        if tables is None:
            tables = Table.of(words, settings.min_length), Table.of(names, settings.min_length)
        self.tables = tables
        self._keys, self._name_keys = tables
        self._words, self._names = tables[0].words, tables[1].words
        # Not lru_cache over a bound method: that would be a reference cycle, and
        # Library freezes each build, so the cycle would outlive its reload.
        self._lookups: Bounded[tuple[str, bool], tuple[Match, ...]] = Bounded(LOOKUP_CACHE)

    def lookup(self, word: str, *, name: bool = False) -> tuple[Match, ...]:
        """Close vocabulary words (cached; the cache is emptied when it grows too large)."""
        key = (word, name)
        found = self._lookups.get(key)
        if found is None:
            found = self._lookups.keep(key, self._lookup(word, name=name))
        return found

    def forget(self) -> None:
        """Drops the remembered lookups (so that measuring sees unknown words as new)."""
        self._lookups.clear()

    def _lookup(self, word: str, *, name: bool = False) -> tuple[Match, ...]:
        """Close vocabulary words; for a name (capitalised by the reader) only names."""
        settings = self.settings
        if len(word) < settings.min_length or not word.isalpha():
            return ()
        matches = (self._name_keys if name else self._keys).similar(word, settings)
        group = (self._names if name else self._words).get(word[0])
        # Folding can hide a swap of two letters (kahn/khan fold to kahn/han): the written
        # forms are compared too.
        cutoff, most = settings.cutoff(word), settings.candidates
        for _, choice, score in closest_by_length(word, group, cutoff, most) if group else ():
            matches[choice] = max(matches.get(choice, 0.0), score / 100.0)
        for relative in self._same_prefix(word, group):
            matches.setdefault(relative, settings.prefix_similarity)
        return tuple(Match(w, similarity) for w, similarity in matches.items())

    def relatives(self, word: str) -> list[str]:
        """Vocabulary words that start like `word` (rescue -> rescuers, invade -> invasion).

        The same 60% prefix as for unknown words: it also finds strangers (court ->
        courier), but a stricter one (all but two letters) lost invade -> invasion and
        one SQuAD question with it; relatives weigh only 0.42 of an exact match.
        """
        if len(word) < self.settings.min_length + 1 or not word.isalpha():
            return []
        return [w for w in self._same_prefix(word, self._words.get(word[0])) if w != word]

    def _same_prefix(self, word: str, choices: ByLength | None) -> list[str]:
        """Words that start like `word` for most of its length (derived forms, demonyms): the
        first `candidates` in sorted order (at most 20)."""
        if choices is None:
            return []
        settings = self.settings
        prefix = word[: max(settings.min_length, math.ceil(settings.prefix_share * len(word)))]
        return choices.starting_with(prefix, min(settings.candidates, 20))


class Table:
    """One vocabulary's close-spelling table (its words, or its names), by first letter: the
    words and their phonetic keys, each ordered by length and then sorted (`ByLength`: a
    lookup reads the lengths that can pass its cutoff), and each key's words (a line of them
    per key, in the keys' order; words are letters only). Made from the words (`of`), or read
    back as saved with an index (bot/stored_spelling.py)."""

    __slots__ = ("keys", "owners", "words")

    def __init__(
        self, words: dict[str, ByLength], keys: dict[str, ByLength], owners: dict[str, Lines]
    ):
        if keys.keys() != owners.keys() or any(len(keys[k]) != len(owners[k]) for k in keys):
            raise ValueError("a spelling table's keys and their words do not match")
        self.words, self.keys, self.owners = words, keys, owners

    @classmethod
    def of(cls, words: Iterable[str], min_length: int) -> Table:
        """The table of `words` (of `min_length` - 1 letters or more)."""
        by_initial = _by_initial(words, min_length)
        # key -> its first word; the rare key of several words keeps the others apart
        first: dict[str, str] = {}
        more: dict[str, list[str]] = {}
        for group in by_initial.values():
            for word in group:
                key = phonetic_key(word)
                if first.setdefault(key, word) is not word:
                    more.setdefault(key, []).append(word)
        keys = _grouped(_by_initial(first, min_length))
        owners = {
            initial: Lines([" ".join((first[key], *more.get(key, ()))) for key in group])
            for initial, group in ((i, k.lines.listed()) for i, k in keys.items())
        }
        return cls(_grouped(by_initial), keys, owners)

    def listed(self) -> list[str]:
        """Every word of the table, sorted: those of the words it was made of that it holds."""
        return sorted(word for group in self.words.values() for word in group.lines.listed())

    def similar(self, word: str, settings: SpellingSettings) -> dict[str, float]:
        """Words whose phonetic key is close to `word`'s, with their similarity (0..1)."""
        key = phonetic_key(word)
        if not key or key[0] not in self.keys:
            return {}
        found = closest_by_length(
            key, self.keys[key[0]], settings.cutoff(word), settings.candidates
        )
        owners = self.owners[key[0]]
        return {w: score / 100.0 for at, _, score in found for w in owners[at].split(" ")}


def closest(
    word: str, choices: Sequence[str], cutoff: float, limit: int
) -> list[tuple[int, float]]:
    """Where the `limit` choices most similar to `word` (rapidfuzz's `fuzz.ratio`, at least
    `cutoff`) are among `choices`, with their similarity, best first, ties in the choices'
    order: what `process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff,
    limit=limit)` finds. From `CDIST_FROM` choices on, from one `process.cdist` row: a C loop
    over the choices, where extract walks them as Python objects (2.6 against 3.2 ms for
    50,000 words; below ~3,000 the row's numpy calls cost more than they save;
    docs/performance.md, sixteenth round). tests/test_fuzzy.py compares the two."""
    if len(choices) < CDIST_FROM:
        found = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(at, score) for _, score, at in found]
    if limit <= 0:
        return []
    scores = process.cdist(
        [word], choices, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float64
    )[0]
    held = (scores >= cutoff).nonzero()[0]
    best = held[np.lexsort((held, -scores[held]))[:limit]]
    return list(zip(best.tolist(), scores[best].tolist(), strict=True))


def closest_by_length(
    word: str, choices: ByLength, cutoff: float, limit: int
) -> list[tuple[int, str, float]]:
    """What `closest(word, sorted(choices), cutoff, limit)` finds (the same choices and float
    scores, best first, ties in sorted order), with where each is in `choices` and its text:
    from the choices of the lengths that can be `cutoff` similar to `word` alone
    (`length_band`), not every one, and from `LETTERS_FROM` of them on, of those whose letters
    can be too (`passable`). tests/test_fuzzy.py compares the two."""
    first, last = choices.span(*length_band(len(word), cutoff))
    if limit <= 0 or last <= first:
        return []
    places: Sequence[int]
    if last - first < LETTERS_FROM:
        # with the few lines of other lengths in the band's first and last blocks: none can pass
        base, band = choices.lines.around(first, last)
        places = range(base, base + len(band))
    else:
        places, band = passable(word, choices, cutoff)
    found = closest(word, band, cutoff, len(band))  # every one that passes
    if len(found) > 1:
        found.sort(key=lambda passed: (-passed[1], band[passed[0]]))  # ties in sorted order
    return [(places[at], band[at], score) for at, score in found[:limit]]


def passable(word: str, choices: ByLength, cutoff: float) -> tuple[list[int], list[str]]:
    """Where the choices are, and their texts, whose length (`length_band`) and letters can be
    `cutoff` similar to `word`; the others cannot. `fuzz.ratio` is 100 (a + b - 2 l) / (a + b)
    for words of a and b letters whose longest common subsequence has l letters, so passing
    needs l >= cutoff (a + b) / 200; and l is at most a less the letters of `word` that the
    choice lacks, and b less those of the choice that `word` lacks (`letter_set`'s bits: a
    lower bound, as several letters share a bit). A lookup so scores a few of the thousands
    of words of its band (docs/performance.md, seventeenth round)."""
    shortest, longest = length_band(len(word), cutoff)
    starts, letters = choices.starts, choices.letters()
    own = letter_set(word)
    mine, others = np.uint32(own), np.uint32(~own & 0xFFFFFFFF)
    places: list[int] = []
    for length in range(max(0, shortest), min(longest, len(starts) - 2) + 1):
        first, last = starts[length], starts[length + 1]
        if last <= first:
            continue
        sets = letters.sets[first:last]
        need = cutoff * (len(word) + length) / 200 - 1e-6  # the least common letters, l
        lacked = np.bitwise_count(mine & ~sets)  # letters of `word` the choice lacks
        extra = np.bitwise_count(sets & others)  # ... of the choice `word` lacks
        held = (len(word) - lacked >= need) & (length - extra >= need)
        places += (held.nonzero()[0] + first).tolist()
    return places, [letters.line(at) for at in places]


@functools.lru_cache(maxsize=1024)
def length_band(length: int, cutoff: float) -> tuple[int, int]:
    """The shortest and longest lengths of a word that can be `cutoff` similar to a word of
    `length` letters (longest < shortest: none can). `fuzz.ratio` is the normalised Indel
    similarity, 100 (1 - d / (a + b)) for words of a and b letters at Indel distance d, and d
    is |a - b| at least: so b needs |a - b| <= (1 - cutoff / 100)(a + b). The edges are
    rapidfuzz's own verdict on two words at that least distance (its floats, its test of the
    cutoff), from the formula's estimate moved a step at a time."""
    if cutoff <= 0:
        return 0, sys.maxsize
    if not _can_pass(length, length, cutoff):
        return 1, 0
    share = 1 - cutoff / 100  # < 1
    shortest = max(0, math.floor(length * (1 - share) / (1 + share)))
    while shortest > 0 and _can_pass(length, shortest - 1, cutoff):
        shortest -= 1
    while not _can_pass(length, shortest, cutoff):
        shortest += 1
    longest = max(length, math.ceil(length * (1 + share) / (1 - share)))
    while not _can_pass(length, longest, cutoff):
        longest -= 1
    while _can_pass(length, longest + 1, cutoff):
        longest += 1
    return shortest, longest


def _can_pass(length: int, other: int, cutoff: float) -> bool:
    """Whether a word of `length` letters and one of `other` letters at the least distance
    between them (`length` and `other` times the same letter) are `cutoff` (> 0) similar."""
    return fuzz.ratio("a" * length, "a" * other, score_cutoff=cutoff) > 0


def tabled(word: str, min_length: int) -> bool:
    """Whether a table made for `min_length` holds `word` (`Table.of`): a saved index keeps
    only the other words of a tabled list apart (bot/stored_spelling.py `TabledWords`)."""
    return len(word) >= min_length - 1 and word.isalpha()


def _by_initial(words: Iterable[str], min_length: int) -> dict[str, list[str]]:
    """Sorted unique words by first letter. Sorted one letter at a time: one sort of a large
    archive's whole vocabulary holds the GIL long enough to stall answering (built during
    a reload, measured 0.4 s answers at 100k passages)."""
    grouped: dict[str, set[str]] = {}
    for word in words:
        if tabled(word, min_length):
            grouped.setdefault(word[0], set()).add(word)
    return {initial: sorted(group) for initial, group in grouped.items()}


def _grouped(by_initial: dict[str, list[str]]) -> dict[str, ByLength]:
    return {initial: ByLength.of(group) for initial, group in by_initial.items()}


# Spellings that transliteration and typing swap for one another (Kharkiv/Harkiv,
# photo/foto, Zelenskyy/Zelenskiy, refugees/refugess): compared after folding.
_FOLDS = (("ph", "f"), ("kh", "h"), ("ck", "k"), ("zh", "j"), ("y", "i"), ("w", "v"), ("q", "k"))


_DOUBLED = re.compile(r"(.)\1+")


def phonetic_key(word: str) -> str:
    """`word` with transliteration variants folded and doubled letters single."""
    for old, new in _FOLDS:
        word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)
