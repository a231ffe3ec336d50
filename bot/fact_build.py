"""Every passage's facts computed once at build time, as arrays (layout: bot/stored_facts.py).

`build_facts` runs `passage_facts`'s own steps (bot/answering/facts.py) over every passage
of a knowledge base (one split, one analysis and one cue reading per sentence, each
article's full names once) and keeps the results as term ids and bits; the index build
(bot/build.py) saves them with the postings, and bot/answering/fact_table.py reads them
back as `PassageFacts`. Below answering: it reads sentences with bot/cues.py and
bot/name_parts.py, as answering does.
"""

from __future__ import annotations

import functools
import operator
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.cues import (
    DATE,
    MONEY,
    NAME,
    NUMBER,
    PLACE,
    UNIT,
    has_digit,
    letters_cues,
    sentence_cues,
    without_ages,
    word_cues,
)
from bot.index import PostingsBuilder
from bot.knowledge import Passage, split_sentences
from bot.name_parts import full_names, implied
from bot.postings import PieceIds
from bot.stored import text_blob
from bot.stored_facts import CREDIT_BIT, PHOTO_BIT
from bot.text import pieces

CUES = (NUMBER, MONEY, UNIT, DATE, PLACE, NAME)  # bit k of a sentence's cue byte
BITS = {cue: 1 << k for k, cue in enumerate(CUES)}
# every cue byte's set of cues, so that reading one builds nothing
CUE_SETS = tuple(frozenset(c for k, c in enumerate(CUES) if byte >> k & 1) for byte in range(256))
# not a cue: the bit of a piece of text with a digit (`CuedPieces`), so that a sentence read
# from its pieces is known to have a figure, or none, without searching it for one
DIGITS = 1 << 8


class FactsBuilder:
    """Collects passages' facts as arrays; `term_id` maps a term to its index id (None
    when the index lacks it: such terms get ids of their own from `count` on)."""

    def __init__(
        self, term_id: Callable[[str], int | None], count: int, pieces: PieceIds | None = None
    ):
        self._ids = _TermIds(term_id, count)
        # the pieces of text already read (the postings' of the same passages, whose ids are
        # `term_id`'s: taken over, not copied), or none: each distinct piece is analysed once
        self._pieces = PieceIds(self._ids.__getitem__) if pieces is None else pieces
        self._pieces.rebind(self._ids.__getitem__)  # its ids are `term_id`'s: the same
        self._start()

    def _start(self) -> None:
        self._cues = CueBits()
        self.sentences_at, self.document_at = array("q", [0]), array("q", [0])
        self.terms_at, self.implied_at = array("q", [0]), array("q", [0])
        self.spans, self.cues = array("i"), array("B")
        self.terms, self.implied, self.document = array("i"), array("i"), array("i")
        self.texts: list[str] = []

    def add(self, passage: Passage) -> None:
        """One passage, as `passage_facts(passage, name_parts=True)` reads it."""
        text = passage.text
        names = full_names(passage.article) if passage.kind == "body" else {}
        credit = passage.article.caption_credit if passage.kind == "caption" else ""
        at = 0
        for sentence in split_sentences(text):
            cut = pieces(sentence)
            own = self._pieces.ids(cut)
            # with no terms of its own given, `implied` returns just the implied ones; sorted,
            # so that terms new to the index are numbered alike by every process
            added = {self._ids[t] for t in sorted(implied(sentence, _NO_TERMS, names))}
            if added:  # most sentences imply nothing: `own` is then not read again
                added.difference_update(own)
            cues = self._cues.of(sentence, cut)
            if passage.kind == "caption":
                cues |= 1 << (CREDIT_BIT if credit and sentence in credit else PHOTO_BIT)
            start = text.find(sentence, at)
            if start < 0:
                self.spans.extend((-1, len(self.texts)))
                self.texts.append(sentence)
            else:
                at = start + len(sentence)
                self.spans.extend((start, at))
            self.cues.append(cues)
            self.terms.extend(own)
            self.implied.extend(sorted(added))
            self.terms_at.append(len(self.terms))
            self.implied_at.append(len(self.implied))
        self.sentences_at.append(len(self.cues))
        if passage.index_text != text:
            self.document.extend(self._pieces.terms(passage.index_text))
        self.document_at.append(len(self.document))

    def arrays(self) -> dict[str, npt.NDArray[Any]]:
        words_blob, words_at = text_blob(list(self._ids.own))
        texts_blob, texts_at = text_blob(self.texts)
        found: dict[str, npt.NDArray[Any]] = {
            name: np.frombuffer(getattr(self, name), np.int64)
            for name in ("sentences_at", "terms_at", "implied_at", "document_at")
        }
        found.update(
            spans=np.frombuffer(self.spans, np.int32).reshape(-1, 2),
            cues=np.frombuffer(self.cues, np.uint8),
            terms=np.frombuffer(self.terms, np.int32),
            implied=np.frombuffer(self.implied, np.int32),
            document=np.frombuffer(self.document, np.int32),
            words=words_blob,
            words_at=words_at,
            texts=texts_blob,
            texts_at=texts_at,
        )
        return found


class IndexingFacts(FactsBuilder):
    """`FactsBuilder` that counts each passage's postings as it reads the passage (a build's
    range, bot/build.py): its text is split and analysed once for both, where `counted` and
    then `build_facts` read every text twice. The arrays are `build_facts`' over the
    postings' terms, and the postings `counted`'s (tests/test_build.py).

    When a passage's index text is its text (a body passage), or its text, a space and more
    (a caption and its hints), its sentences' term ids, looked up in order, are its postings'
    and number new terms as the postings of the whole text would: the sentences are the
    text's words in order, cut at white space, where no token goes on (an abbreviation's
    sentences re-joined with one space, a no-break space between two: the same words).
    A details passage, whose text is not its index text, has its index text analysed for
    the postings first, and a sentence's pieces are looked up only when each is known
    already. What the whole range's terms decide (a sentence with a piece not seen yet,
    the terms a name implies: an index term seen later, or one of the facts' own) is kept
    and numbered by `arrays`, in the order `build_facts` numbers them.
    """

    _pieces: CuedPieces

    def __init__(self, postings: PostingsBuilder):
        self._postings = postings
        self._pieces = CuedPieces(postings.vocabulary.__getitem__)  # numbers the index's terms
        self._start()
        # (sentence, its pieces when not looked up yet, the terms names imply, its ids' span)
        self._later: list[tuple[int, list[bytes] | None, list[str], int, int]] = []

    def add(self, passage: Passage) -> None:
        """One passage's postings and facts."""
        text, index_text, table = passage.text, passage.index_text, self._pieces
        cued = table.cued
        names = full_names(passage.article) if passage.kind == "body" else {}
        credit = passage.article.caption_credit if passage.kind == "caption" else ""
        rest = index_text[len(text) :]
        whole = rest[:1] in ("", " ") and index_text.startswith(text)
        if not whole:  # the postings first: the index text's pieces in order
            ids = table.terms(index_text)
            self._postings.add(ids)
        first, after = len(self.terms), 0
        for sentence in split_sentences(text):
            at = len(self.cues)
            cut, start = pieces(sentence), len(self.terms)
            unseen = None if whole or all(map(table.__contains__, cut)) else cut
            if unseen is None:  # `table.ids(cut)`, without an array of its own
                self.terms.frombytes(b"".join(map(table.__getitem__, cut)))
            end = len(self.terms)
            self.terms_at.append(end)
            found = implied(sentence, _NO_TERMS, names)
            if found or unseen is not None:
                self._later.append((at, unseen, sorted(found), start, end))
            if unseen is None and "_" not in sentence:  # each piece in the table: its cues read
                words = functools.reduce(operator.or_, map(cued.__getitem__, cued.keys() & cut), 0)
                cues = with_sentence_cues(sentence, words & ~DIGITS, bool(words & DIGITS))
            else:
                cues = self._cues.of(sentence, cut)
            if passage.kind == "caption":
                cues |= 1 << (CREDIT_BIT if credit and sentence in credit else PHOTO_BIT)
            place = text.find(sentence, after)
            if place < 0:
                self.spans.extend((-1, len(self.texts)))
                self.texts.append(sentence)
            else:
                after = place + len(sentence)
                self.spans.extend((place, after))
            self.cues.append(cues)
        self.sentences_at.append(len(self.cues))
        if whole:
            ids = self.terms[first:]
            if rest:
                ids.extend(table.terms(rest))
            self._postings.add(ids)
        if index_text != text:
            self.document.extend(ids)
        self.document_at.append(len(self.document))

    def surface(self) -> list[str]:
        """The postings' surface words (`counted`'s), before `arrays` reads what is left."""
        found = sorted(self._pieces.surface)
        self._pieces.surface = set()
        return found

    def arrays(self) -> dict[str, npt.NDArray[Any]]:
        vocabulary = self._postings.vocabulary
        self._ids = _TermIds(vocabulary.get, len(vocabulary))
        self._pieces.rebind(self._ids.__getitem__)
        count = len(self.cues)
        looked_up: dict[int, array[int]] = {}  # sentence -> the ids of its unseen pieces
        implied_sizes = np.zeros(count + 1, np.int64)
        for at, unseen, found, start, end in self._later:
            own = self.terms[start:end] if unseen is None else self._pieces.ids(unseen)
            if unseen is not None:
                looked_up[at] = own
            added = {self._ids[t] for t in found}
            if added:
                added.difference_update(own)
                self.implied.extend(sorted(added))
                implied_sizes[at + 1] = len(added)
        self.implied_at = array("q", np.cumsum(implied_sizes).tobytes())
        if looked_up:  # their ids placed between the others', the offsets shifted
            terms_at = np.frombuffer(self.terms_at, np.int64)
            terms, last, shift = array("i"), 0, np.zeros(count + 1, np.int64)
            for at, own in looked_up.items():
                cut = int(terms_at[at])
                terms.extend(self.terms[last:cut])
                terms.extend(own)
                last, shift[at + 1] = cut, len(own)
            terms.extend(self.terms[last:])
            self.terms = terms
            self.terms_at = array("q", (terms_at + np.cumsum(shift)).tobytes())
        self._later = []
        return super().arrays()


_NO_TERMS: frozenset[str] = frozenset()


class CueBits(dict[bytes, int]):
    """A piece of text (`bot.text.pieces`) -> the cue bits of its words, each distinct piece
    read once: `of` a sentence is `cues_in` of it as bits (tests/test_cues.py)."""

    def __missing__(self, piece: bytes) -> int:
        found = self[piece] = bits(word_cues(piece.decode()))
        return found

    def of(self, sentence: str, cut: Iterable[bytes]) -> int:
        """The cue bits of `sentence`, whose pieces are `cut`."""
        if "_" in sentence:  # a word character at which `pieces` cuts: read the words whole
            found = bits(word_cues(sentence))
        else:
            found = functools.reduce(operator.or_, map(self.__getitem__, cut), 0)
        return with_sentence_cues(sentence, found)


def with_sentence_cues(sentence: str, found: int, digits: bool | None = None) -> int:
    """The cue bits of `sentence`, whose words' cues are `found`; `digits`: whether it has
    a digit, when its pieces say (`sentence_cues`)."""
    if found & BITS[DATE]:  # the one word cue that depends on the words around
        found = bits(without_ages(sentence, CUE_SETS[found]))
    return found | bits(sentence_cues(sentence, digits))


class CuedPieces(PieceIds):
    """`PieceIds` that reads each new piece's word cues too (`CueBits`), and whether it has a
    digit (`DIGITS`): `cued` holds the pieces that have either (2,772 of its 140,986 over
    bench's first 51,000 passages), a small table in which a sentence's pieces are found
    faster than in the table of every piece. A sentence's pieces have a digit when it has
    one: they are its characters but for ASCII ones that are no digit (`bot.text.pieces`)."""

    def __init__(self, term_id: Callable[[str], int]):
        super().__init__(term_id)
        self.cued: dict[bytes, int] = {}

    def __missing__(self, piece: bytes) -> bytes:
        if piece.isalpha():  # ASCII letters (most new pieces): its one word, read once
            word = piece.decode()
            cues = bits(letters_cues(word))
            if cues:
                self.cued[piece] = cues
            return self.word(piece, word)
        letters = piece.rstrip(b".,")
        if letters.isalpha() and len(letters) < len(piece):  # "said.": the cues of "said"
            found = super().__missing__(piece)  # which looks `letters` up first (`PieceIds`)
            if letters in self.cued:
                self.cued[piece] = self.cued[letters]
            return found
        text = piece.decode()
        cues = bits(word_cues(text))
        if not letters.isalpha() and has_digit(text):
            cues |= DIGITS
        if cues:
            self.cued[piece] = cues
        return super().__missing__(piece)


@functools.cache
def bits(cues: frozenset[str]) -> int:
    """A set of cues as a sentence's cue byte."""
    return sum(BITS[cue] for cue in cues)


class _TermIds:
    """Term -> its id: the index's, or one of its own from `count` on (`own`)."""

    def __init__(self, term_id: Callable[[str], int | None], count: int):
        self._term_id, self._count = term_id, count
        self.own: dict[str, int] = {}

    def __getitem__(self, found: str) -> int:
        known = self._term_id(found)
        if known is not None:
            return known
        own = self.own.get(found)
        if own is None:
            own = self.own[found] = self._count + len(self.own)
        return own


def build_facts(
    passages: Sequence[Passage],
    term_id: Callable[[str], int | None],
    count: int,
    pieces: PieceIds | None = None,
) -> dict[str, npt.NDArray[Any]]:
    """The fact arrays of `passages` over an index of `count` terms (`term_id`: its ids);
    `pieces`: the postings' table of the pieces of text they read, when at hand."""
    builder = FactsBuilder(term_id, count, pieces)
    for passage in passages:
        builder.add(passage)
    return builder.arrays()
