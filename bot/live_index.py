"""BM25 over the saved main segment and a small delta segment, with tombstones.

An admin's add or a changed file must be answerable within a second, where a full build
of a million passages takes minutes. So the main index (`base`, memory-mapped) is kept
as it is, and the articles added or changed since it was built are indexed alone into a
*delta* segment (milliseconds per article); the main segment's passages of removed or
changed articles are *tombstoned* (`dead`): they keep their ids, never score, and are
dropped by the next merge (the full rebuild, bot/live.py). Document ids run on: the
delta's passage d is passage ``base.size + d``.

The statistics, as Lucene keeps them until a merge: N and each term's document
frequency count every passage of both segments, tombstoned ones included, and the
average length stays the main segment's. The main segment's saved weights are each
``idf × f(tf, length)``, so the new IDF is one factor per question term (`idf_live /
idf_saved`, folded into the term's query weight: no posting is re-weighed), and the
delta's postings are weighed with the same live statistics. So a live index scores its
live passages exactly as the reference definition scores all passages of both segments
with the main segment's average length (tests/test_live_index.py); after the merge,
exactly as the reference definition (tests/test_index.py). One article moves the
average length of a million passages by about 1e-5 of itself.
Okapi's floor for negative IDFs stays the main segment's (epsilon × its mean IDF).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from bot.index import (
    Bm25Index,
    Counts,
    Ids,
    MaximaMaker,
    Postings,
    Scores,
    Segment,
    Statistics,
    Weights,
    WindowMaxima,
    idf_values,
)
from bot.index_postings import (
    Alternative,
    absent_scores,
    add_best_of_postings,
    summed_postings,
)
from bot.term_ids import TermIds


class JoinedTerms(TermIds):
    """Term -> id over both segments: the main segment's ids, then the delta's own terms."""

    def __init__(self, base: Mapping[str, int], delta: Sequence[str]):
        self._base, self._size = base, len(base)
        self._own = {t: i for i, t in enumerate(t for t in delta if t not in base)}

    def get_id(self, term: str) -> int | None:
        found = self._base.get(term)
        if found is not None:
            return found
        own = self._own.get(term)
        return None if own is None else self._size + own

    def __iter__(self) -> Iterator[str]:
        return itertools.chain(iter(self._base), iter(self._own))

    def __len__(self) -> int:
        return self._size + len(self._own)


class LiveIndex(Bm25Index):
    """`base` with `delta`'s passages after its own and `dead` of its passages tombstoned.

    Immutable like its parts: the next change builds the next LiveIndex over the same base.
    """

    def __init__(self, base: Bm25Index, delta: Postings, dead: Ids):
        # no Bm25Index.__init__: nothing of the main segment is copied or re-weighed
        self.params, self.base = base.params, base
        self.offset = base.size  # the delta's passage d is passage offset + d
        self.size = self._documents = base.size + len(delta.lengths)  # tombstoned ones too
        self.avgdl = base.avgdl  # the main segment's until the merge
        self.dead = np.unique(np.asarray(dead, np.int64))
        self.vocabulary = JoinedTerms(base.vocabulary, delta.terms)
        p = self.params
        mean = float(base.idf.mean()) if len(base.idf) else 0.0
        self._floor = p.epsilon * mean if p.variant == "okapi" else None
        base_df = np.array([self._base_df(t) for t in delta.terms], np.int64)
        live_df = np.diff(delta.indptr) + base_df
        stats = Statistics(self.size, self.avgdl, live_df, self._floor)
        self.delta = Bm25Index(delta, p, stats)
        self.data = base.data
        self.idf = base.idf  # the main segment's, for its own term ids (use term_idf)
        self.absent = base.absent

    def _base_df(self, term: str) -> int:
        found = self.base.vocabulary.get(term)
        if found is None:
            return 0
        return int(self.base._indptr[found + 1] - self.base._indptr[found])

    def _term(self, term: str) -> tuple[int | None, int | None, float, float, float] | None:
        """A term's main and delta ids, live IDF and absent-score, and the factor that turns
        its saved main-segment weights into live ones."""
        b, d = self.base.vocabulary.get(term), self.delta.vocabulary.get(term)
        if b is None and d is None:
            return None
        if d is not None:
            idf, absent = float(self.delta.idf[d]), float(self.delta.absent[d])
        else:
            df = np.array([self._base_df(term)], np.int64)
            idfs = idf_values(self.params, self.size, df, self._floor)
            idf, absent = float(idfs[0]), float(absent_scores(self.params, idfs)[0])
        saved = float(self.base.idf[b]) if b is not None else 0.0
        return b, d, idf, absent, (idf / saved if saved else 0.0)

    def _spans(self, term: str, weighed: bool = True) -> tuple[list[Segment], float]:
        """(live ids, saved weights, factor, largest weight × factor) of each segment holding
        `term`, and its absent-score; not `weighed`, the main segment's weights are left to
        the compiled kernel where it computes them (`Bm25Index.counts`)."""
        found = self._term(term)
        if found is None:
            return [], 0.0
        b, d, _, absent, ratio = found
        spans = []
        if b is not None:
            top = float(self.base.term_max[b]) * ratio
            spans.append((*self.base._read(b, weighed), ratio, top))
        if d is not None:
            ids, weights = self.delta._postings_of(d)
            spans.append((ids + np.int32(self.offset), weights, 1.0, float(self.delta.term_max[d])))
        return spans, absent

    def scores(self, query: Mapping[str, float] | Sequence[str]) -> Scores:
        weights = Counter(query) if not isinstance(query, Mapping) else query
        offset = 0.0
        found: list[tuple[Ids, npt.NDArray[np.float32], float]] = []
        for term, weight in weights.items():
            spans, absent = self._spans(term)
            found.extend((ids, values, weight * factor) for ids, values, factor, _ in spans)
            offset += weight * absent if spans else 0.0
        scores = summed_postings(self.size, found)
        if offset:
            scores += offset
        scores[self.dead] = -np.inf  # never a candidate (bot/answering/candidates.top)
        return scores

    def add_best_of(self, total: Scores, alternatives: Mapping[str, float]) -> None:
        found: list[Alternative] = []
        floor = 0.0
        for term, weight in alternatives.items():
            spans, absent = self._spans(term)
            if not spans:
                continue
            floor = max(floor, weight * absent)
            for ids, values, factor, _ in spans:
                found.append((ids, values, weight * factor, weight * absent))
        add_best_of_postings(total, floor, found)
        total[self.dead] = -np.inf

    def segments(self, term: str, weighed: bool = True) -> tuple[list[Segment], float] | None:
        spans, absent = self._spans(term, weighed)
        return (spans, absent) if spans else None

    def counts(self, term: str) -> list[Counts | None]:
        """The main segment's (the kernel scales its weights by its factor), none for the
        delta's (weighed in memory): in the order of `segments`."""
        b, d = self.base.vocabulary.get(term), self.delta.vocabulary.get(term)
        main = self.base.counts(term) if b is not None else []
        return main + ([None] if d is not None else [])

    def window_maxima(self, term: str, least: int, make: MaximaMaker) -> list[WindowMaxima | None]:
        """The main segment's (its saved weights, which its factor scales), none for the
        delta's: in the order of `segments`."""
        b, d = self.base.vocabulary.get(term), self.delta.vocabulary.get(term)
        main = self.base.window_maxima(term, least, make) if b is not None else []
        return main + ([None] if d is not None else [])

    def postings(self, term: str) -> Ids:
        """Ids of the passages holding `term`, tombstoned ones included (they count in the
        statistics until the merge)."""
        spans, _ = self._spans(term)
        if not spans:
            return np.empty(0, np.int32)
        return spans[0][0] if len(spans) == 1 else np.concatenate([s[0] for s in spans])

    def doc_count(self, term: str) -> int:
        return self.base.doc_count(term) + self.delta.doc_count(term)

    def is_live(self, term: str) -> bool:
        """Whether a passage not tombstoned holds `term` (a removed article's words, which
        the main segment's close-spelling tables still hold, are not offered for a question)."""
        if self.delta.term_id(term) is not None:
            return True
        count = self.base.doc_count(term)
        if count > len(self.dead):  # not all tombstoned: no need to read them
            return True
        return count > 0 and bool(np.setdiff1d(self.base.postings(term), self.dead).size)

    def holds_within(self, term: str, first: int, last: int) -> bool:
        if last < self.offset:
            return self.base.holds_within(term, first, last)
        if first >= self.offset:
            return self.delta.holds_within(term, first - self.offset, last - self.offset)
        return self.base.holds_within(term, first, self.offset - 1) or self.delta.holds_within(
            term, 0, last - self.offset
        )

    def term_idf(self, term: str) -> float:
        found = self._term(term)
        return found[2] if found is not None else self.unseen_idf

    @property
    def weights(self) -> Weights:
        raise TypeError("a live index is not saved as one: the merge builds the index to save")

    @property
    def doc_freq(self) -> npt.NDArray[np.int64]:
        terms = self.vocabulary
        return np.array([len(self.postings(t)) for t in terms], np.int64)

    @property
    def nbytes(self) -> int:
        return self.base.nbytes + self.delta.nbytes + self.dead.nbytes
