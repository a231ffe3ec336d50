"""Every passage's facts, read back from the arrays computed at build time
(bot/fact_build.py; layout: bot/stored_facts.py) as `PassageFacts` without analysing any
text.

`FactArrays` turns one passage's rows back into the `PassageFacts` that `passage_facts`
gives (tests/test_fact_table.py holds the two equal on every passage of the question sets'
knowledge). The saved index keeps them, each passage's as one zstd record read on demand
(bot/fact_records.py), so a new question costs a record's read and a few set builds per
candidate instead of regular expressions over its text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from bot import fact_records
from bot.answering.facts import CREDIT_TERMS, PHOTO_TERMS, PassageFacts, Sentence
from bot.answering.passage_rows import PassageText, passage_shape
from bot.fact_build import CUE_SETS
from bot.fact_records import Record
from bot.file_array import FileArray
from bot.knowledge import Passage
from bot.memo import Bounded
from bot.stored import Strings, decoded
from bot.stored_facts import CREDIT_BIT, PHOTO_BIT, Arrays


class FactArrays:
    """Passage position -> its `PassageFacts`, read from the facts of `build_facts` (a saved
    index's records, a passage at a time, or a build's arrays). `terms` are the index's terms;
    with `name_parts` off the surname rule's implied terms are left out, as
    `passage_facts(..., name_parts=False)` leaves them."""

    REMEMBERED = 200_000  # decoded terms kept (a question's candidates share many)
    # passages' records kept: a question reads some candidates' twice, for their term rows
    # (bot/answering/term_rows.py) and for their facts (16.6 reads a new question at 1M, 4.6
    # of them again); `forget` empties them with the question's other memos
    RECORDS = 256

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
        # a passage's sentences: a saved index's frame (bot/fact_records.py), or slices
        records = fact_records.column(self._a)
        self._read = (
            records.record if records is not None else fact_records.plain_records(self._a)
        )
        self._size = len(records) if records is not None else len(self._a["sentences_at"]) - 1
        self._records: Bounded[int, Record] = Bounded(self.RECORDS)
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

    def record(self, index: int) -> Record:
        """Passage `index`'s record: its sentences' term ids, implied ids, spans and cues,
        its document's ids (read once, then kept until `forget`, or until RECORDS are kept
        and the memo is emptied whole: bot/memo.py `Bounded`)."""
        found = self._records.get(index)
        if found is None:
            found = self._records.keep(index, self._read(index))
        return found

    def forget(self) -> None:
        """Drops the records kept (a new question reads its candidates' anew)."""
        self._records.clear()

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

    def sentence(self, index: int, k: int, source: PassageText) -> Sentence:
        """Passage `index`'s k-th sentence (`source` reads its text) with its text and cues,
        for the tests that read those only (bot/answering/term_rows.py): its terms are left
        empty. Not for a caption's sentence: its photo or credit bit is not read."""
        record = self.record(index)
        start, end = record.starts[k], record.ends[k]
        text = partial(source.part, start, end) if start >= 0 else self._texts[end]
        return Sentence(text, frozenset(), CUE_SETS[record.cues[k] & 63])

    def __len__(self) -> int:
        return self._size

    def _terms_of(self, listed: list[int]) -> list[str]:
        """The terms of `listed` ids, decoded once and remembered (a bounded dict)."""
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
        kind, own_index_text = passage_shape(self._passages, index)
        source = PassageText(self._passages, index)  # read only when a sentence's text is
        record = self.record(index)
        cues, terms_at, implied_at = record.cues, record.terms_at, record.implied_at
        own = self._terms_of(record.terms)
        added: list[str] = []
        if self._name_parts and record.implied:
            added = self._terms_of(record.implied)
        sentences: list[Sentence] = []
        for k, (start, end) in enumerate(zip(record.starts, record.ends, strict=True)):
            sentence_text = partial(source.part, start, end) if start >= 0 else self._texts[end]
            held = frozenset(own[terms_at[k] : terms_at[k + 1]])
            if added and implied_at[k + 1] > implied_at[k]:
                held = held | frozenset(added[implied_at[k] : implied_at[k + 1]])
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
            document = self._terms_of(record.document)
            terms = terms.union(document)
            if kind != "caption":
                hints = frozenset(document)
        else:
            document = own
        return PassageFacts(terms, tuple(document), tuple(sentences), hints)
