"""Every passage's facts, read back from the arrays computed at build time
(bot/fact_build.py; layout: bot/stored_facts.py) as `PassageFacts` without analysing any
text.

`FactArrays` turns one passage's rows back into the `PassageFacts` that `passage_facts`
gives (tests/test_fact_table.py holds the two equal on every passage of the question sets'
knowledge). The saved index keeps the arrays (bot/store.py), so a start from it maps them;
a new question then costs a slice and a few set builds per candidate instead of regular
expressions over its text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from bot import stored_facts
from bot.answering.facts import CREDIT_TERMS, PHOTO_TERMS, PassageFacts, Sentence
from bot.answering.passage_rows import PassageText, passage_shape
from bot.fact_build import CUE_SETS
from bot.file_array import FileArray
from bot.framed_ids import FramedIds
from bot.knowledge import Passage
from bot.memo import Bounded
from bot.stored import Strings, decoded
from bot.stored_facts import CREDIT_BIT, PHOTO_BIT, Arrays


class FactArrays:
    """Passage position -> its `PassageFacts`, read from the arrays of `build_facts`
    (mapped from a saved index, or built in this process). `terms` are the index's terms;
    with `name_parts` off the surname rule's implied terms are left out, as
    `passage_facts(..., name_parts=False)` leaves them."""

    REMEMBERED = 200_000  # decoded terms kept (a question's candidates share many)

    def __init__(
        self,
        arrays: Arrays,
        passages: Sequence[Passage],
        terms: Sequence[str],
        name_parts: bool = True,
        term_id: Callable[[str], int | None] | None = None,  # the index's number of a term
    ):
        # a saved index's arrays read on demand are kept so (bot/file_array.py)
        self._a = {n: a if isinstance(a, FileArray) else np.asarray(a) for n, a in arrays.items()}
        # each id array's reader of a passage's ids: a framed one's (bot/framed_ids.py), or a slice
        self._ids = {name: _reader(stored_facts.column(self._a, name)) for name in stored_facts.IDS}
        self._passages, self._terms, self._count = passages, terms, len(terms)
        self._name_parts = name_parts
        self._own = decoded(Strings(self._a["words"], self._a["words_at"]))
        self._texts = Strings(self._a["texts"], self._a["texts_at"])  # those not in their passage
        self._decoded: Bounded[int, str] = Bounded(self.REMEMBERED)
        self._raw: memoryview | None = None
        if isinstance(terms, Strings):
            self._raw, self._offsets = terms.blob.data, terms.offsets
        self._term_id = term_id
        self._own_ids: dict[str, int] | None = None

    @property
    def arrays(self) -> dict[str, npt.NDArray[np.int64]]:
        """The offsets and cues as built or mapped (bot/stored_facts.py names them)."""
        return self._a

    def ids(self, name: str, passage: int, start: int, stop: int) -> npt.NDArray[np.int32]:
        """The term ids of `name` ("terms", "implied" or "document") of passage `passage`:
        positions `start` to `stop`, all the passage's (a framed array is read so)."""
        return self._ids[name](passage, start, stop)

    @property
    def name_parts(self) -> bool:
        return self._name_parts

    def id_of(self, term: str) -> int | None:
        """The id a term has in these arrays (the index's, or one of the words after its
        terms), None when no passage holds it; None for every term without `term_id`."""
        if self._term_id is None:
            return None
        found = self._term_id(term)
        if found is None:
            if self._own_ids is None:
                self._own_ids = {w: self._count + n for n, w in enumerate(self._own)}
            found = self._own_ids.get(term)
        return found

    def plain(self, index: int) -> bool:
        """Whether passage `index`'s index text is its text (a body passage's)."""
        return not passage_shape(self._passages, index)[1]

    def sentence(self, row: int, source: PassageText) -> Sentence:
        """Sentence row `row` (of the passage `source` reads) with its text and cues, for
        the tests that read those only (bot/answering/term_rows.py): its terms are left
        empty. Not for a caption's sentence: its photo or credit bit is not read."""
        start, end = self._a["spans"][row].tolist()
        text = partial(source.part, start, end) if start >= 0 else self._texts[end]
        return Sentence(text, frozenset(), CUE_SETS[int(self._a["cues"][row]) & 63])

    def __len__(self) -> int:
        return len(self._a["sentences_at"]) - 1

    def _terms_of(self, ids: npt.NDArray[np.int32]) -> list[str]:
        """The terms of `ids`, decoded once and remembered (a bounded dict)."""
        listed = ids.tolist()
        get = self._decoded.get
        found = list(map(get, listed))
        if None in found:
            keep = self._decoded.keep
            for k, term_id in enumerate(listed):
                if found[k] is None:  # (an id twice in `ids` is decoded once)
                    known = get(term_id)
                    found[k] = known if known is not None else keep(term_id, self._term(term_id))
        return found  # type: ignore[return-value]

    def _term(self, term_id: int) -> str:
        count = self._count
        if term_id >= count:
            return self._own[term_id - count]
        if self._raw is None:
            return self._terms[term_id]
        offsets = self._offsets  # a saved term table: read its blob directly
        return str(self._raw[int(offsets[term_id]) : int(offsets[term_id + 1])], "utf-8")

    def __getitem__(self, index: int) -> PassageFacts:
        a = self._a
        kind, own_index_text = passage_shape(self._passages, index)
        source = PassageText(self._passages, index)  # read only when a sentence's text is
        first, last = a["sentences_at"][index : index + 2].tolist()
        spans = a["spans"][first:last].tolist()
        cues = a["cues"][first:last].tolist()
        terms_at = a["terms_at"][first : last + 1].tolist()
        own = self._terms_of(self._ids["terms"](index, terms_at[0], terms_at[-1]))
        base = terms_at[0]
        implied_at: list[int] = []
        added: list[str] = []
        if self._name_parts:
            implied_at = a["implied_at"][first : last + 1].tolist()
            if implied_at[-1] > implied_at[0]:
                added = self._terms_of(self._ids["implied"](index, implied_at[0], implied_at[-1]))
        sentences: list[Sentence] = []
        for k, (start, end) in enumerate(spans):
            sentence_text = partial(source.part, start, end) if start >= 0 else self._texts[end]
            held = frozenset(own[terms_at[k] - base : terms_at[k + 1] - base])
            if added and implied_at[k + 1] > implied_at[k]:
                shift = implied_at[0]
                held = held | frozenset(added[implied_at[k] - shift : implied_at[k + 1] - shift])
            cue = cues[k]
            if cue >> PHOTO_BIT & 1:
                held = held | PHOTO_TERMS
            elif cue >> CREDIT_BIT & 1:
                held = held | CREDIT_TERMS
            sentences.append(Sentence(sentence_text, held, CUE_SETS[cue & 63]))
        # the passage's terms: its document's, and every sentence's before any hint words
        terms = frozenset(own).union(added) if added else frozenset(own)
        hints: frozenset[str] = frozenset()
        if own_index_text:
            start, end = a["document_at"][index : index + 2].tolist()
            document = self._terms_of(self._ids["document"](index, start, end))
            terms = terms.union(document)
            if kind != "caption":
                hints = frozenset(document)
        else:
            document = own
        return PassageFacts(terms, tuple(document), tuple(sentences), hints)


Reader = Callable[[int, int, int], npt.NDArray[np.int32]]


def _reader(ids: Any) -> Reader:
    """(passage, start, stop) -> the passage's ids, positions `start` to `stop`."""
    if isinstance(ids, FramedIds):
        return ids.passage
    return lambda passage, start, stop: ids[start:stop]
