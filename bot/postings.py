"""Postings building: passages -> the index's terms, with the word lists answering needs.

The saved index (bot/store.py) and the answerer (bot/answering/) build their postings with
this same function, so whatever answering needs from a pass over every passage (surface
words for close spellings, names, acronyms) is gathered here, and persistence never
imports answering.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Iterable, Sequence

from bot.index import Postings, PostingsBuilder
from bot.knowledge import Passage
from bot.text import FUSED, STOPWORDS, analyze, normalize, pieces, term, words

# Both patterns start with the capital and look behind it (`(?<!\w[A-Z])` is `\b[A-Z]`):
# a pattern that starts with a plain character class lets the regex engine skip ahead to
# the next capital, which halves the time these take over a whole archive. A word's
# characters are taken possessively (`*+`): fewer of them leave one of them next, where
# the run needs white space or its end, so giving them back never matches (a capitalised
# word alone was given back character by character: 1.25x faster over an archive's texts;
# tests/test_question.py holds it equal to the plain pattern).
_CAPITALISED_RUN = re.compile(
    r"[A-Z](?<!\w[A-Z])[\w'’-]*+(?:\s+(?:of|for|the|and|on|de|du|des)?\s*[A-Z][\w'’-]*+)+"
)
_SMALL_WORDS = frozenset({"of", "for", "the", "and", "on", "de", "du", "des"})


def build_postings(passages: Sequence[Passage]) -> Postings:
    """The postings of `passages`, with the word lists the Answerer needs from all of them.

    The saved index (bot/store.py) is built by this same function, so whatever
    the Answerer needs from a pass over every passage belongs here, not in
    Answerer.__init__, or a start from the saved index would have to redo it.
    """
    builder, term_ids, extras = counted(passages)
    del term_ids  # a million passages' pieces: free them before the arrays
    return builder.build(extras)


def counted(passages: Sequence[Passage]) -> tuple[PostingsBuilder, PieceIds, dict[str, list[str]]]:
    """`build_postings` before its arrays: the counted builder (its vocabulary complete), the
    table of every piece of text it read -> its term ids, which `build_facts` of the same
    passages can take, and the word lists (bot/build.py reads each passage once for both:
    `IndexingFacts`)."""
    builder = PostingsBuilder()
    term_ids = PieceIds(builder.vocabulary.__getitem__)
    for passage in passages:
        builder.add(term_ids.terms(passage.index_text))
    surface = sorted(term_ids.surface)
    term_ids.surface = set()
    return builder, term_ids, word_lists(passages, surface)


def word_lists(passages: Sequence[Passage], surface: list[str]) -> dict[str, list[str]]:
    """The word lists answering needs from the passages: their index's `surface` words (its
    `PieceIds.surface`, sorted), the names they write inside sentences, their acronyms."""
    names: set[str] = set()
    for passage in passages:
        names.update(inner_capitalised(passage.text))
    names = {normalize(w) for w in names}  # once per distinct name, not per mention
    found = acronyms(p.text for p in passages)
    table = [f"{short}\t{phrase}" for short in sorted(found) for phrase in sorted(found[short])]
    return {"surface": surface, "names": sorted(names), "acronyms": table}


class PieceIds(dict[bytes, bytes]):
    """A piece of text (`bot.text.pieces`) -> the ids of its words' index terms, analysed once,
    as the bytes of an int32 array.

    This is `analyze` for a whole archive: indexing looks each piece up in C
    (`b"".join(map(term_ids.__getitem__, ...))`, the ids' bytes copied end to end: 1.8x
    faster than chaining tuples of ints into an array) and runs the Python analysis only
    on a piece's first sight. A stopword's piece maps to no ids, most pieces to one, the rare
    piece of several words ("5km", "ends.Next") to several. A word's term gets its id from
    `term_id` (the postings builder's vocabulary numbers new terms; the facts' ids know or
    make up an id).

    A piece of ASCII letters is its one word (`words` of it, without normalising or a
    regex), and one of ASCII letters then full stops or commas ("said.", "paris,": a
    quarter of the distinct pieces of bench's passages) has the words of its letters: it is
    looked up as its letters, analysed once for all three (the same words in the same
    order, so new terms are numbered alike; tests/test_build.py).
    """

    def __init__(self, term_id: Callable[[str], int]):
        super().__init__()
        self._term_id = term_id
        self._word_ids: dict[str, int] = {}  # "putin" of "putin's", "putin." and "putin"
        self._alone: dict[int, bytes] = {}  # one id's bytes: the pieces of one word share them
        self.surface: set[str] = set()  # every non-stopword surface word seen

    def __missing__(self, piece: bytes) -> bytes:
        letters = piece.rstrip(b".,")
        if letters.isalpha():  # ASCII letters only: the piece's one word, or its letters'
            if len(letters) < len(piece):  # "said." and "said,": the words of "said"
                found = self[piece] = self[letters]
                return found
            return self.word(piece, piece.decode())
        return self._read(piece, words(piece.decode()))

    def word(self, piece: bytes, word: str) -> bytes:
        """The ids of a new `piece` of ASCII letters, `word` (`words(word)`, without a regex)."""
        return self._read(piece, FUSED.get(word) or (word,))

    def _read(self, piece: bytes, read: Iterable[str]) -> bytes:
        ids = [self._word_id(w) for w in read if w not in STOPWORDS]
        found = array("i", ids).tobytes()
        if len(ids) == 1:
            found = self._alone.setdefault(ids[0], found)
        self[piece] = found
        return found

    def rebind(self, term_id: Callable[[str], int]) -> None:
        """Number new terms with `term_id` from now on (which must give the terms seen so far
        the ids they have)."""
        self._term_id = term_id

    def _word_id(self, word: str) -> int:
        found = self._word_ids.get(word)
        if found is None:
            self.surface.add(word)
            found = self._word_ids[word] = self._term_id(term(word))
        return found

    def terms(self, text: str) -> array[int]:
        """The term ids of `text`'s words in order, stopwords left out: `analyze`'s ids."""
        return self.ids(pieces(text))

    def ids(self, cut: Iterable[bytes]) -> array[int]:
        """`terms` of the text whose `pieces` are `cut`."""
        found = array("i")
        found.frombytes(b"".join(map(self.__getitem__, cut)))
        return found


class AcronymTable:
    """Acronym -> the phrases spelling it, looked up in the sorted "short<TAB>phrase" lines
    that `build_postings` saves (a binary search: a saved index's lines stay on disk,
    where a dict of sets held 25 MiB at 100k passages). Every `STEP`-th line is kept read,
    so that a look-up reads one block of lines (a saved index's: two reads, bot/stored.py
    `Strings`), not one line a step of its search (~36 reads for 187,000 lines)."""

    STEP = 64  # 2,930 lines kept at 100k passages (~0.2 MiB), read when the table is made

    def __init__(self, lines: Sequence[str]):
        self._lines = lines
        self._every = [lines[at] for at in range(0, len(lines), self.STEP)]

    def get(self, short: str, default: Iterable[str] = ()) -> set[str] | Iterable[str]:
        prefix, lines, step = f"{short}\t", self._lines, self.STEP
        block = bisect.bisect_left(self._every, prefix)  # lines[(block - 1) STEP] < prefix
        found: set[str] = set()
        for low in range(max(0, (block - 1) * step), len(lines), step):
            part = lines[low : low + step]
            for line in part[bisect.bisect_left(part, prefix) :]:
                if not line.startswith(prefix):
                    return found or default
                found.add(line[len(prefix) :])
        return found or default


def index_terms(passage: Passage) -> list[str]:
    """What retrieval indexes for a passage (a saved index must be built the same way)."""
    return analyze(passage.index_text)


def acronyms(texts: Iterable[str]) -> dict[str, set[str]]:
    """Acronym -> capitalised phrases spelling it: 'icc' -> 'International Criminal Court'."""
    found: dict[str, set[str]] = {}
    runs: set[str] = set()
    for text in texts:
        runs.update(_CAPITALISED_RUN.findall(text))
    for whole in runs:  # news repeats its names: each distinct run is read once
        run = whole.split()
        capital = [word[0].isupper() for word in run]
        initial = ["" if word.lower() in _SMALL_WORDS else word[0].lower() for word in run]
        for start in range(len(run)):  # every sub-run: "European Union" of
            if not capital[start]:  # "European Union on Monday"
                continue
            letters = initial[start]
            for end in range(start + 1, min(len(run), start + 8)):
                letters += initial[end]
                if len(letters) > 6:
                    break
                if capital[end] and len(letters) >= 2:
                    found.setdefault(letters, set()).add(" ".join(run[start : end + 1]))
    return found


_INNER_CAPITALISED = re.compile(  # see _CAPITALISED_RUN for why the look-behinds follow [A-Z]
    r"[A-Z](?<!\w[A-Z])(?<![.!?\"“‘(]\s[A-Z])(?<![.!?\"“‘(][A-Z])(?<!^[A-Z])[^\W\d_]+"
)


def inner_capitalised(text: str) -> list[str]:
    """Words written with a capital and not opening a sentence (names), as written:
    the caller normalises them, once per distinct word across many texts."""
    found: list[str] = _INNER_CAPITALISED.findall(text)
    return found
