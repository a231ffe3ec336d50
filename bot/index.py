"""BM25 scoring over an inverted index: the same scores as rank-bm25, faster.

rank-bm25 is the reference definition (tests compare the two on random
corpora), but its ``get_scores`` loops over every passage for every query
word. Here each term's contribution to each passage that contains it is
computed once at build time, so a query only touches the postings of its
own words. In BM25+ a term absent from a passage still adds ``idf * delta``;
that constant is kept as a per-term offset, so the scores equal rank-bm25's,
not just their order.

Postings are stored CSR-style, one flat array per field: the postings of term
``t`` are ``doc_ids[indptr[t]:indptr[t + 1]]`` (ascending), with their term
frequencies and precomputed weights alongside. At a million passages that is
tens of millions of postings, so weights are float32 (about 1e-7 relative
error against rank-bm25's float64; scores are still summed in float64).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from bot.index_postings import (
    WEIGHT_DTYPE,
    Alternative,
    Bm25Params,
    Counts,
    Ids,
    MaximaMaker,
    Postings,
    PostingsBuilder,
    Scores,
    Segment,
    Statistics,
    Weights,
    WindowMaxima,
    absent_scores,
    add_best_of_postings,
    bm25_codes,
    collect,
    idf_values,
    summed_postings,
    term_maxima,
)
from bot.memo import Bounded
from bot.split_ids import SplitIds

__all__ = ["WEIGHT_DTYPE", "Bm25Index", "Bm25Params", "Ids", "Postings", "PostingsBuilder"]
__all__ += ["Scores", "Segment", "Statistics", "Weights", "WindowMaxima", "collect", "idf_values"]
__all__ += ["Counts", "MaximaMaker", "term_maxima"]
NO_WEIGHTS = np.empty(0, WEIGHT_DTYPE)  # a segment's whose weights the compiled kernel computes


class Bm25Index:
    """An immutable BM25 index over tokenized documents."""

    CHUNK = 1 << 22  # postings weighted at once
    # A saved index's decoded passages and computed weights kept, in values (4 bytes each:
    # 32 MiB at most): a common word's cost more to compute than to score, and new questions
    # share their common words. 100k passages' postings fit twice (7.3M values).
    KEPT = 1 << 23
    VIEWS = 4096  # terms whose postings' views are kept (~0.3 KiB each: no values copied)
    dead: npt.NDArray[np.int64] = np.empty(0, np.int64)  # tombstoned passages: a live index's

    def __init__(
        self,
        documents: Iterable[Sequence[str]] | Postings,
        params: Bm25Params | None = None,
        stats: Statistics | None = None,  # None: the documents' own
    ):
        self.params = params or Bm25Params()
        data = documents if isinstance(documents, Postings) else collect(documents)
        self.data = data
        self.size = len(data.lengths)
        self.avgdl = float(data.lengths.sum(dtype=np.int64) / self.size) if self.size else 0.0
        self._documents = self.size if stats is None else stats.documents
        self._floor = None if stats is None else stats.floor
        if stats is not None:
            self.avgdl = stats.avgdl
        self.vocabulary: Mapping[str, int] = data.vocabulary or dict(
            zip(data.terms, range(len(data.terms)), strict=True)
        )
        self._indptr = data.indptr
        self._doc_ids = data.doc_ids
        # A saved index's decoded passages, by term id, and its computed weights, by ~term id
        # (negative): one bound, in values, for both.
        self._kept: Bounded[int, npt.NDArray[Any]] = Bounded(self.KEPT)
        self._maxima: dict[int, WindowMaxima] = {}  # `window_maxima`'s, by term id
        # Each term's postings as views of the arrays held in memory (none of an array read
        # from its file): made again for every question's terms, they cost more than BM25
        # weighs on a small index (docs/quality.md, "Twenty-fourth build round, cost B").
        self._views: Bounded[int, tuple[Ids, npt.NDArray[np.float32]]] | None = None
        saved = data.weights
        # A compact or large saved index keeps no posting weights (bot/store_files.py): a
        # large one's compiled kernel computes each one it reads from its pair code (`counts`),
        # and the other readers each term's when a question reads it (`_postings_of`).
        self._weights: npt.NDArray[np.float32] | None
        if saved is not None and saved.params == self.params and stats is None:  # e.g. mapped
            self.idf, self._weights, self.absent = saved.idf, saved.postings, saved.absent
        else:
            self.idf = self._idf(np.diff(data.indptr) if stats is None else stats.doc_freq)
            self._weights, self.absent = self._all_weights()
        if isinstance(self._doc_ids, np.ndarray) and isinstance(self._weights, np.ndarray):
            self._views = Bounded(self.VIEWS)

    @property
    def doc_freq(self) -> npt.NDArray[np.int64]:
        """How many documents hold each term."""
        return np.diff(self._indptr)

    @property
    def weights(self) -> Weights:
        """The weights of this index's parameters, for a cache to save."""
        return Weights(self.params, self._weights, self.idf, self.absent, self.term_max)

    def _all_weights(self) -> tuple[npt.NDArray[np.float32], Scores]:
        """Every posting's weight minus its term's absent-score, and that absent-score.

        Computed a few million postings at a time: whole-array float64 temporaries
        cost over a gigabyte at a million passages.
        """
        weights = np.empty(len(self._doc_ids), WEIGHT_DTYPE)
        norm = self._length_norm()
        doc_freq = np.diff(self._indptr)
        chunks = np.searchsorted(self._indptr, np.arange(0, len(weights), self.CHUNK))
        edges = np.unique(np.concatenate([chunks, [0, len(self.idf)]]))
        for first, end in itertools.pairwise(edges):
            lo, hi = self._indptr[first], self._indptr[end]
            weights[lo:hi] = self._weights_of(
                idf=np.repeat(self.idf[first:end], doc_freq[first:end]),
                tf=self.data.freqs[lo:hi].astype(np.float64),
                norm=norm[self._doc_ids[lo:hi]],
            )
        return weights, absent_scores(self.params, self.idf)

    def _postings_of(self, term_id: int) -> tuple[Ids, npt.NDArray[np.float32]]:
        """Term `term_id`'s postings: their passages (ascending) and weights.

        A build's index holds both whole; a saved one maps the passages split in two bytes
        (bot/split_ids.py) and no weights, so both are computed here, the weights by the
        float operations of `_all_weights` (equal bit for bit), and the last ones kept.
        """
        held = self._weights
        if held is not None:
            views = self._views
            found = views.get(term_id) if views is not None else None
            if found is None:
                span = self._span(term_id)
                found = self._doc_ids[span], held[span]
                if views is not None:
                    views.keep(term_id, found)
            return found
        ids = self._ids_of(term_id)
        weights = self._kept.get(~term_id)
        if weights is None:
            weights = self._weights_of(
                idf=self.idf[term_id : term_id + 1],  # one IDF broadcast: the same products
                tf=self.data.freqs[self._span(term_id)].astype(np.float64),
                norm=self._norm[ids],
            ).astype(WEIGHT_DTYPE)
            self._kept.keep(~term_id, weights, len(ids))
        return ids, weights

    def _ids_of(self, term_id: int) -> Ids:
        """Term `term_id`'s passages, ascending (decoded once and kept, when split)."""
        if not isinstance(self._doc_ids, SplitIds):
            return self._doc_ids[self._span(term_id)]
        ids = self._kept.get(term_id)
        if ids is None:
            ids = self._doc_ids[self._span(term_id)]
            self._kept.keep(term_id, ids, len(ids))
        return ids

    def doc_count(self, term: str) -> int:
        """How many documents hold `term` (tombstoned ones included): ``len(postings(term))``
        without reading them."""
        term_id = self.vocabulary.get(term)
        return 0 if term_id is None else int(self._indptr[term_id + 1] - self._indptr[term_id])

    @functools.cached_property
    def _norm(self) -> Scores:
        """Each document's length normalisation (8 bytes a passage, computed once)."""
        return self._length_norm()

    def _weights_of(self, idf: Scores, tf: Scores, norm: Scores) -> Scores:
        k1, delta = self.params.k1, self.params.delta
        if self.params.variant == "okapi":
            return idf * tf * (k1 + 1) / (tf + k1 * norm)
        if self.params.variant == "plus":  # idf * (delta + x) - idf * delta, kept as idf * x
            return idf * (tf * (k1 + 1) / (k1 * norm + tf))
        # rank-bm25's BM25L multiplies by tf once more than the paper; we follow it.
        ctd = tf / norm
        return idf * tf * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)

    def _length_norm(self, lengths: npt.NDArray[Any] | None = None) -> Scores:
        """The length normalisation of each passage, or of each of `lengths`."""
        lengths = self.data.lengths if lengths is None else lengths
        if not self.avgdl:
            return np.ones(len(lengths))
        return 1.0 - self.params.b + self.params.b * lengths.astype(np.float64) / self.avgdl

    def _idf(self, doc_freq: npt.NDArray[np.int64]) -> Scores:
        return idf_values(self.params, self._documents, doc_freq, self._floor)

    def term_id(self, term: str) -> int | None:
        return self.vocabulary.get(term)

    @functools.cached_property
    def term_max(self) -> npt.NDArray[np.float32]:
        """Each term's largest posting weight: the most it adds to a passage (bot/topk.py)."""
        saved = self.data.weights
        if saved is not None and saved.term_max is not None and saved.params == self.params:
            return saved.term_max
        weights = self._weights if self._weights is not None else self._all_weights()[0]
        return term_maxima(self._indptr, weights)

    def segments(self, term: str, weighed: bool = True) -> tuple[list[Segment], float] | None:
        """A term's postings per segment (a live index has two) and its absent-score; not
        `weighed`: a segment whose weights the compiled kernel computes from its `counts`
        has none (empty)."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return None
        top = float(self.term_max[term_id])
        found = (*self._read(term_id, weighed), 1.0, top)
        return [found], float(self.absent[term_id])

    def counts(self, term: str) -> list[Counts | None]:
        """Per segment (as `segments`), a known term's pair codes, its first posting's place
        in the index (where its escaped postings' frequencies are found) and IDF, and the
        split passages' runs when the kernel reads them so (`_split`), where this index keeps
        no weights but the codes (a large saved index's: bot/topk_kernels.py weighs them),
        else None (its weights are read)."""
        term_id = self.vocabulary.get(term)
        if term_id is None or not self._counted:
            return [None]
        assert self.data.codes is not None
        span = self._span(term_id)
        codes, idf, split = self.data.codes.codes[span], float(self.idf[term_id]), self._split
        runs = None if split is None else (split.starts, split.high)
        return [Counts(codes, span.start, idf, self._weighing, runs)]

    def _read(self, term_id: int, weighed: bool) -> tuple[Ids, npt.NDArray[np.float32]]:
        """`_postings_of`, without the weights when not `weighed` and the compiled kernel
        computes them (`counts`)."""
        if not weighed and self._counted:
            if self._split is not None:  # the low bits, which the kernel reads (`counts`)
                return cast(Ids, self._split.low[self._span(term_id)]), NO_WEIGHTS
            return self._ids_of(term_id), NO_WEIGHTS
        return self._postings_of(term_id)

    @functools.cached_property
    def _split(self) -> SplitIds | None:
        """The postings' passages where the compiled kernel reads them split (their low bits
        and runs: `counts`), as a large saved index keeps them; else None."""
        ids = self._doc_ids
        if self._counted and isinstance(ids, SplitIds) and ids.starts.dtype == np.int32:
            return ids
        return None

    @functools.cached_property
    def _counted(self) -> bool:
        """Whether the compiled kernel computes the weights from the pair codes (`counts`):
        an index that keeps no weights but the codes, and its passages' lengths int16 (as a
        large saved index's are)."""
        data = self.data
        if self._weights is not None or data.codes is None:
            return False
        return data.lengths.dtype == np.int16 and len(data.codes.escapes) < 2**23

    @functools.cached_property
    def _weighing(
        self,
    ) -> tuple[npt.NDArray[Any], Scores, Scores, Scores, npt.NDArray[np.int64]]:
        """What weighs a posting besides its pair code and IDF (`Counts.weighing`): the
        lengths, the normalisation by length, and by code the frequency, normalisation and
        BM25+'s part after the IDF, computed by `_length_norm` and `_weights_of` (an IDF of
        1.0: x * 1.0 is x), so each value is the one they compute for a posting; and the
        escaped postings' places and frequencies, ``place << 16 | frequency`` (a frequency is
        at most an int16 length), ascending, padded to a power of two with the largest int64
        (bot/topk_kernels.py `_place`: 256 KiB at 1M, 0.07% of the postings)."""
        assert self.data.codes is not None
        lengths, pairs = self.data.lengths, self.data.codes.pairs
        places, escaped = self.data.codes.escapes, self.data.codes.escaped
        escapes = np.full(1 << len(places).bit_length(), np.iinfo(np.int64).max)
        escapes[: len(places)] = places.astype(np.int64) << 16
        escapes[: len(places)] |= escaped.astype(np.int64)
        norms = self._length_norm(np.arange(int(lengths.max(initial=0)) + 1))
        tf = pairs[:, 0].astype(np.float64)
        norm = self._length_norm(pairs[:, 1])
        plus = self._weights_of(np.ones(1), tf, norm) if self.params.variant == "plus" else tf
        table = np.ascontiguousarray(np.stack([tf, norm, plus], axis=1).reshape(-1, 3))
        return lengths, norms, table, bm25_codes(self.params), escapes

    def window_maxima(self, term: str, least: int, make: MaximaMaker) -> list[WindowMaxima | None]:
        """Per segment (as `segments`), a term's largest posting weight in each window of
        passages that `make` cuts them in (bot/topk_kernels.py: 0.0 where a window holds none
        of its postings), for a term in `least` passages or more, else None: made on first
        use from its weights, or its counts, and kept (4 bytes a window)."""
        term_id = self.vocabulary.get(term)
        if term_id is None or self.doc_count(term) < least:
            return [None]
        maxima = self._maxima.get(term_id)
        if maxima is None:
            counts = self.counts(term)[0]
            if counts is None:
                maxima = make(*self._postings_of(term_id), self.size)
            elif counts.runs is not None:  # split: the low bits, decoded by `make`
                maxima = make(self._read(term_id, False)[0], counts, self.size)
            else:
                maxima = make(self._doc_ids[self._span(term_id)], counts, self.size)
            self._maxima[term_id] = maxima
        return [maxima]

    def _span(self, term_id: int) -> slice:
        return slice(int(self._indptr[term_id]), int(self._indptr[term_id + 1]))

    def postings(self, term: str) -> Ids:
        """The ids of the documents that contain `term`, ascending."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return np.empty(0, dtype=np.int32)
        return self._ids_of(term_id)

    def holds(self, doc_id: int, term: str) -> bool:  # whether document `doc_id` holds `term`
        return self.holds_within(term, doc_id, doc_id)

    def holds_within(self, term: str, first: int, last: int) -> bool:
        """Whether a document from `first` to `last` (inclusive) contains `term`: one binary
        search in its postings."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return False
        if self._split is not None:  # searched where they lie: a common word's not decoded
            span = self._span(term_id)
            _, found = self._split.first_from(span.start, span.stop, first)
            return 0 <= found <= last
        ids = self._ids_of(term_id)
        # searched with a value of the ids' own type: a Python int makes numpy copy the whole
        # list to int64 first (70 us for a word in 50k passages, on every call)
        at = int(ids.searchsorted(ids.dtype.type(first)))
        return at < len(ids) and int(ids[at]) <= last

    def held(self, doc_id: int, terms: Iterable[str]) -> set[str]:
        """The subset of `terms` that document `doc_id` contains."""
        return {term for term in terms if self.holds(doc_id, term)}

    def scores(self, query: Mapping[str, float] | Sequence[str]) -> Scores:
        """BM25 score of every document for a query of (weighted) terms.

        A plain token list scores like rank-bm25's ``get_scores``; a mapping
        gives each term a weight (fuzzy matches count less than exact ones).
        """
        weights = Counter(query) if not isinstance(query, Mapping) else query
        offset = 0.0
        found: list[tuple[Ids, npt.NDArray[np.float32], float]] = []
        for term, weight in weights.items():
            term_id = self.vocabulary.get(term)
            if term_id is None:
                continue
            found.append((*self._postings_of(term_id), weight))
            offset += weight * float(self.absent[term_id])
        scores = summed_postings(self.size, found)
        if offset:
            scores += offset
        return scores

    def best_of(self, alternatives: Mapping[str, float]) -> Scores:
        """Each document's best weighted score among `alternatives`.

        Equal to the maximum of ``scores({term: weight})`` over the
        alternatives, with one dense array in all rather than one each: a
        document holding none of them gets the best absent-term part (BM25+).
        """
        best = np.zeros(self.size)  # 0.0 + x is x: the best themselves
        self.add_best_of(best, alternatives)
        return best

    def add_best_of(self, total: Scores, alternatives: Mapping[str, float]) -> None:
        """``total += self.best_of(alternatives)``, bit for bit, in place (bot/index_postings.py,
        `add_best_of_postings`)."""
        found: list[Alternative] = []
        floor = 0.0
        for term, weight in alternatives.items():
            term_id = self.vocabulary.get(term)
            if term_id is None:
                continue
            absent = weight * float(self.absent[term_id])
            floor = max(floor, absent)
            found.append((*self._postings_of(term_id), weight, absent))
        add_best_of_postings(total, floor, found)

    def term_idf(self, term: str) -> float:
        """IDF of `term`; a term no document holds gets the largest possible IDF."""
        term_id = self.vocabulary.get(term)
        if term_id is not None:
            return float(self.idf[term_id])
        return self.unseen_idf

    @property
    def unseen_idf(self) -> float:
        n = max(self.size, 1)
        return math.log(n + 1)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (not the vocabulary dict): the weights, or the pair codes
        a large saved index keeps in their place."""
        arrays = (self._indptr, self.data.freqs, self.data.lengths, self.idf, self.absent)
        weights = 0 if self._weights is None else self._weights.nbytes
        codes = self.data.codes
        if codes is not None:
            weights += codes.codes.nbytes + codes.pairs.nbytes
            weights += codes.escapes.nbytes + codes.escaped.nbytes
        return sum(a.nbytes for a in arrays) + self._doc_ids.nbytes + weights
