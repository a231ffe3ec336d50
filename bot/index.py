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

import itertools
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float64]
Ids = npt.NDArray[np.int32]
WEIGHT_DTYPE = np.float32


@dataclass(frozen=True)
class Bm25Params:
    variant: str = "plus"  # okapi | plus | l, as rank-bm25's BM25Okapi / BM25Plus / BM25L
    k1: float = 1.2
    b: float = 0.75
    delta: float = 1.0  # BM25+ and BM25L only
    epsilon: float = 0.25  # BM25Okapi only: floor for negative IDF, as a share of mean IDF


@dataclass(frozen=True)
class Postings:
    """The parameter-free part of an index: what a cache saves and loads."""

    terms: list[str]  # term id -> term
    indptr: npt.NDArray[np.int64]  # len(terms) + 1 offsets into doc_ids / freqs
    doc_ids: Ids  # ascending within each term
    freqs: npt.NDArray[np.int32]  # term frequency of each posting
    lengths: npt.NDArray[np.int32]  # document lengths in tokens
    # Word lists that answering derives from all passages in the same pass (e.g. the
    # surface words fuzzy matching searches), saved and loaded with the postings.
    extras: dict[str, list[str]] = field(default_factory=dict)


def collect(documents: Iterable[Sequence[str]]) -> Postings:
    """Count the terms of tokenized documents, streaming (no document is kept)."""
    builder = PostingsBuilder()
    for doc in documents:
        builder.add_terms(doc)
    return builder.build()


class PostingsBuilder:
    """Postings accumulated one document at a time, each document given as counts of term ids.

    New terms get the next id on first sight (`vocabulary[term]`); every per-document
    step is one C call, so callers that cache term ids per surface token can count a
    document without a Python loop over its words.
    """

    def __init__(self) -> None:
        self.vocabulary: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        self._term_ids, self._freqs = array("i"), array("i")
        self._lengths, self._distinct = array("i"), array("i")

    def add_terms(self, doc: Sequence[str]) -> None:
        self.add(Counter(map(self.vocabulary.__getitem__, doc)))

    def add(self, counts: Mapping[int, int]) -> None:
        """One document: term id -> occurrences (all positive)."""
        self._term_ids.extend(counts.keys())
        self._freqs.extend(counts.values())
        self._lengths.append(sum(counts.values()))
        self._distinct.append(len(counts))

    def build(self, extras: dict[str, list[str]] | None = None) -> Postings:
        terms = list(self.vocabulary)
        postings = _to_csr(terms, self._term_ids, self._freqs, self._lengths, self._distinct)
        return replace(postings, extras=extras or {})


def _to_csr(
    terms: list[str],
    term_ids: array[int],
    freqs: array[int],
    lengths: array[int],
    distinct: array[int],
) -> Postings:
    tids = np.frombuffer(term_ids, dtype=np.int32) if term_ids else np.empty(0, np.int32)
    docs = np.arange(len(lengths), dtype=np.int32)
    doc_of = np.repeat(docs, np.frombuffer(distinct, dtype=np.int32) if distinct else 0)
    order = np.argsort(tids, kind="stable")  # stable: doc ids stay ascending per term
    counts = np.bincount(tids, minlength=len(terms))
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return Postings(
        terms=terms,
        indptr=indptr,
        doc_ids=doc_of[order],
        freqs=np.frombuffer(freqs, dtype=np.int32)[order] if freqs else np.empty(0, np.int32),
        lengths=np.array(lengths, dtype=np.int32),
    )


class Bm25Index:
    """An immutable BM25 index over tokenized documents."""

    def __init__(
        self,
        documents: Iterable[Sequence[str]] | Postings,
        params: Bm25Params | None = None,
    ):
        self.params = params or Bm25Params()
        data = documents if isinstance(documents, Postings) else collect(documents)
        self.data = data
        self.size = len(data.lengths)
        self.lengths = data.lengths.astype(np.float64)
        self.avgdl = float(self.lengths.sum() / self.size) if self.size else 0.0
        self.vocabulary: dict[str, int] = dict(zip(data.terms, range(len(data.terms)), strict=True))
        self._indptr = data.indptr
        self._doc_ids = data.doc_ids
        self.doc_freq = np.diff(data.indptr)
        self.idf = self._idf(self.doc_freq)
        self._weights, self.absent = self._all_weights()

    def _all_weights(self) -> tuple[npt.NDArray[np.float32], Scores]:
        """Every posting's weight minus its term's absent-score, and that absent-score."""
        idf = np.repeat(self.idf, self.doc_freq)
        tf = self.data.freqs.astype(np.float64)
        norm = self._length_norm()[self._doc_ids]
        k1, delta = self.params.k1, self.params.delta
        if self.params.variant == "okapi":
            weight = idf * tf * (k1 + 1) / (tf + k1 * norm)
            absent = np.zeros(len(self.idf))
        elif self.params.variant == "plus":
            # idf * (delta + x) - idf * delta, kept as idf * x
            weight = idf * (tf * (k1 + 1) / (k1 * norm + tf))
            absent = self.idf * delta
        else:
            # rank-bm25's BM25L multiplies by tf once more than the paper; we follow it.
            ctd = tf / norm
            weight = idf * tf * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)
            absent = np.zeros(len(self.idf))
        return weight.astype(WEIGHT_DTYPE), absent

    def _length_norm(self) -> Scores:
        if not self.avgdl:
            return np.ones(self.size)
        return 1.0 - self.params.b + self.params.b * self.lengths / self.avgdl

    def _idf(self, doc_freq: npt.NDArray[np.int64]) -> Scores:
        n, p = self.size, self.params
        df = doc_freq.astype(np.float64)
        if p.variant == "okapi":
            idf = np.log(n - df + 0.5) - np.log(df + 0.5)
            floor = p.epsilon * (float(idf.sum()) / len(idf)) if len(idf) else 0.0
            return np.where(idf < 0, floor, idf)
        if p.variant == "plus":
            return np.log((n + 1) / df)
        if p.variant == "l":
            return np.log((n + 1) / (df + 0.5))
        raise ValueError(f"unknown BM25 variant {p.variant!r}")

    def term_id(self, term: str) -> int | None:
        return self.vocabulary.get(term)

    def _span(self, term_id: int) -> slice:
        return slice(int(self._indptr[term_id]), int(self._indptr[term_id + 1]))

    def postings(self, term: str) -> Ids:
        """The ids of the documents that contain `term`, ascending."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return np.empty(0, dtype=np.int32)
        return self._doc_ids[self._span(term_id)]

    def holds(self, doc_id: int, term: str) -> bool:
        """Whether document `doc_id` contains `term` (a binary search in its postings)."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return False
        ids = self._doc_ids[self._span(term_id)]
        at = int(ids.searchsorted(doc_id))
        return at < len(ids) and int(ids[at]) == doc_id

    def held(self, doc_id: int, terms: Iterable[str]) -> set[str]:
        """The subset of `terms` that document `doc_id` contains."""
        return {term for term in terms if self.holds(doc_id, term)}

    def scores(self, query: Mapping[str, float] | Sequence[str]) -> Scores:
        """BM25 score of every document for a query of (weighted) terms.

        A plain token list scores like rank-bm25's ``get_scores``; a mapping
        gives each term a weight (fuzzy matches count less than exact ones).
        """
        weights = Counter(query) if not isinstance(query, Mapping) else query
        scores = np.zeros(self.size, dtype=np.float64)
        offset = 0.0
        for term, weight in weights.items():
            term_id = self.vocabulary.get(term)
            if term_id is None:
                continue
            span = self._span(term_id)
            scores[self._doc_ids[span]] += weight * self._weights[span]
            offset += weight * float(self.absent[term_id])
        if offset:
            scores += offset
        return scores

    def best_of(self, alternatives: Mapping[str, float]) -> Scores:
        """Each document's best weighted score among `alternatives`.

        Equal to the maximum of ``scores({term: weight})`` over the
        alternatives, with one dense array in all rather than one each: a
        document holding none of them gets the best absent-term part (BM25+).
        """
        spans: list[tuple[Ids, Scores]] = []
        floor = 0.0
        for term, weight in alternatives.items():
            term_id = self.vocabulary.get(term)
            if term_id is None:
                continue
            absent = weight * float(self.absent[term_id])
            floor = max(floor, absent)
            span = self._span(term_id)
            values = weight * self._weights[span].astype(np.float64) + absent
            spans.append((self._doc_ids[span], values))
        best = np.full(self.size, floor)
        for ids, values in spans:  # a term's postings hold each document once
            best[ids] = np.maximum(best[ids], values)
        return best

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
        """Memory held by the arrays (not the vocabulary dict)."""
        arrays = (self._indptr, self._doc_ids, self.data.freqs, self._weights, self.lengths)
        return sum(a.nbytes for a in arrays) + self.idf.nbytes + self.absent.nbytes
