"""The postings an index is made of, and counting them from documents.

`Postings` is the parameter-free part of an index (what a cache saves and loads):
CSR arrays, the postings of term ``t`` being ``doc_ids[indptr[t]:indptr[t + 1]]``
(ascending) with their term frequencies alongside. `Weights` are the BM25 weights
for one set of parameters, and `idf_values` the IDF as rank-bm25 computes it.
bot/index.py searches them.
"""

from __future__ import annotations

import functools
import itertools
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from bot.split_ids import SplitIds

Scores = npt.NDArray[np.float64]
Ids = npt.NDArray[np.int32]
WEIGHT_DTYPE = np.float32
Segment = tuple[Ids, npt.NDArray[np.float32], float, float]  # ids, weights, factor, bound
WindowMaxima = npt.NDArray[np.float32]  # a term's largest weight in each run of passages
VARIANTS = ("okapi", "plus", "l")  # the BM25 variants, numbered so for the compiled kernel


class Counts(NamedTuple):
    """A term's postings where an index keeps no weights (a large saved index,
    bot/store_files.py): their pair codes (`PairCodes`), the place of the first among the
    index's postings and the term's IDF, from which the compiled kernel computes each weight
    it reads by the build's float operations (bot/topk_kernels.py `_weight`), with the
    index's `weighing`: each passage's length (int16, for an escaped posting), the length
    normalisation of each length, each code's frequency, normalisation and BM25+'s part after
    the IDF (``tf * (k1 + 1) / (k1 * norm + tf)``, float64: the same operations as a
    build's), the parameters as `bm25_codes` numbers them, and the escaped postings' places
    and frequencies (``place << 16 | frequency``, ascending), an escaped posting's found by
    its place (`Bm25Index._weighing`)."""

    codes: npt.NDArray[np.uint8]
    at: int
    idf: float
    weighing: tuple[npt.NDArray[Any], Scores, Scores, Scores, npt.NDArray[np.int64]]
    # where the index's postings' passages are split (bot/split_ids.py; a large saved index's)
    # the kernel reads their low bits (the segment's ids then are those: uint16) where they
    # lie: their runs' starts and high bits; None: the segment's ids are int32
    runs: tuple[npt.NDArray[np.int32], npt.NDArray[np.uint16]] | None = None


# Makes them from a term's ids, and its weights or its counts, and the index's passage count
# (bot/topk_kernels.py)
MaximaMaker = Callable[[Ids, npt.NDArray[np.float32] | Counts, int], WindowMaxima]


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

    terms: Sequence[str]  # term id -> term
    indptr: npt.NDArray[np.int64]  # len(terms) + 1 offsets into doc_ids / freqs
    doc_ids: Ids | SplitIds  # ascending within each term; split: as a saved index maps them
    # term frequency of each posting; coded: decoded from the pair codes (a large saved index's)
    freqs: npt.NDArray[np.int32] | CodedFreqs
    lengths: npt.NDArray[np.int32]  # document lengths in tokens
    # Word lists that answering derives from all passages in the same pass (e.g. the
    # surface words fuzzy matching searches), saved and loaded with the postings.
    extras: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # BM25 weights computed for one set of parameters (a saved index keeps them, so a
    # start with the same retrieval settings recomputes nothing); None: compute them.
    weights: Weights | None = None
    # term -> term id when the caller has it (a saved index's hash table); None: a dict
    vocabulary: Mapping[str, int] | None = None
    # every passage's answering facts as named arrays (bot/stored_facts.py), built with the
    # index and saved with it; None: the Answerer builds them
    facts: Mapping[str, npt.NDArray[Any]] | None = None
    # each posting's (frequency, passage length) as a byte: a large saved index's, which
    # keeps no weights (bot/store_files.py); the compiled kernel weighs postings from them
    codes: PairCodes | None = None


ESCAPE = 255  # a posting's pair code when its pair is none of the coded ones


@dataclass(frozen=True)
class PairCodes:
    """Each posting's (frequency, passage length) pair as a byte: the code of one of the
    255 commonest pairs (`pairs`: their frequencies and lengths, by code), or `ESCAPE` for
    the others, whose frequency is kept apart (`escapes`, `escaped`) and length read from the
    passages. A posting's BM25 weight is a function of its pair and its term's IDF: at a
    million news passages 583 pairs, the commonest 255 of them 99.93% of the postings. The
    compiled kernel reads a byte a posting, where a weight was four, and no passage's length
    but an escaped posting's (bot/topk_kernels.py); a large saved index keeps no other
    frequencies (`CodedFreqs`)."""

    codes: npt.NDArray[np.uint8]  # per posting
    pairs: npt.NDArray[np.int32]  # per code: (frequency, length)
    escapes: npt.NDArray[Any]  # the escaped postings' places, ascending (int32 when they fit)
    escaped: npt.NDArray[Any]  # their frequencies


@dataclass(frozen=True)
class CodedFreqs:
    """The postings' frequencies of an index that saves none but their pair codes (a large
    saved index: bot/store_files.py), sliced as the array was: each posting's its pair's,
    an escaped one's kept apart. Readers at that size are numpy's paths before the compiled
    kernel is loaded, and a re-weighing for other parameters: a gather a posting."""

    coded: PairCodes

    def __len__(self) -> int:
        return len(self.coded.codes)

    def __getitem__(self, span: slice) -> Ids:
        """The frequencies of `span` (a slice with step 1), int32."""
        start, stop, _ = span.indices(len(self))
        found = self._table[self.coded.codes[start:stop]]
        escapes = self.coded.escapes
        # a Python int would make numpy copy them to int64 first; int32 ones (fewer than 2**31
        # postings: `pair_codes`) hold any place up to the end
        kind = escapes.dtype.type
        lo = int(escapes.searchsorted(kind(start)))
        hi = int(escapes.searchsorted(kind(stop)))
        found[escapes[lo:hi] - start] = self.coded.escaped[lo:hi]
        return found

    @functools.cached_property
    def _table(self) -> Ids:
        """Each code's frequency (0 for `ESCAPE`, filled in from `escaped`)."""
        table = np.zeros(ESCAPE + 1, np.int32)
        table[: len(self.coded.pairs)] = self.coded.pairs[:, 0]
        return table

    @property
    def nbytes(self) -> int:
        """What it holds beyond its codes (counted with the index's: `Bm25Index.nbytes`)."""
        return 0

    def whole(self) -> Ids:
        return self[:]


def plain_freqs(freqs: npt.NDArray[Any] | CodedFreqs) -> npt.NDArray[Any]:
    """Every posting's frequency of an array or `CodedFreqs` (decoded whole)."""
    return freqs.whole() if isinstance(freqs, CodedFreqs) else freqs


def pair_codes(
    freqs: npt.NDArray[Any], lengths: npt.NDArray[Any], most: int = ESCAPE
) -> PairCodes:
    """The `PairCodes` of postings of `freqs` in passages of `lengths` (each posting's): the
    `most` commonest pairs coded (ties by frequency, then length), the rest escaped."""
    longest = int(lengths.max(initial=0)) + 1
    pair = freqs.astype(np.int64) * longest + lengths
    counts = np.bincount(pair)
    held = np.flatnonzero(counts)
    chosen = held[np.lexsort((held, -counts[held]))[:most]]  # commonest first, then by pair
    lookup = np.full(len(counts), ESCAPE, np.uint8)
    lookup[chosen] = np.arange(len(chosen), dtype=np.uint8)
    pairs = np.stack([chosen // longest, chosen % longest], axis=1).astype(np.int32)
    codes = lookup[pair]
    escapes = np.flatnonzero(codes == ESCAPE)
    escaped = freqs[escapes]
    narrow = escapes.astype(np.int32) if len(codes) < 2**31 else escapes
    return PairCodes(codes, pairs.reshape(-1, 2), narrow, escaped)


@dataclass(frozen=True)
class Statistics:
    """Collection statistics to weigh postings by, when they are not the postings' own: a delta
    segment (bot/live_index.py) is weighed by the whole live collection's."""

    documents: int  # N
    avgdl: float
    doc_freq: npt.NDArray[np.int64]  # per term of the postings weighed
    floor: float | None = None  # Okapi's floor for a negative IDF; None: from these terms


@dataclass(frozen=True)
class Weights:
    """Every posting's BM25 weight (minus its term's absent-score) for `params`."""

    params: Bm25Params
    # aligned with Postings.doc_ids; None: computed from the frequencies (a compact or large
    # saved index keeps none: bot/store_files.py), per posting read by the compiled kernel,
    # per term elsewhere
    postings: npt.NDArray[np.float32] | None
    idf: npt.NDArray[np.float64]  # per term
    absent: npt.NDArray[np.float64]  # per term: the score of a document without it (BM25+)
    term_max: npt.NDArray[np.float32] | None = None  # per term: its largest posting weight


def idf_values(
    p: Bm25Params, n: int, doc_freq: npt.NDArray[np.int64], floor: float | None = None
) -> Scores:
    """The IDF of terms in `doc_freq` of `n` documents, as rank-bm25 computes it. Okapi floors a
    negative IDF at `floor`, by default `epsilon` times the mean IDF of these terms."""
    df = doc_freq.astype(np.float64)
    if p.variant == "okapi":
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        if floor is None:
            floor = p.epsilon * (float(idf.sum()) / len(idf)) if len(idf) else 0.0
        return np.where(idf < 0, floor, idf)
    if p.variant == "plus":
        return np.log((n + 1) / df)
    if p.variant == "l":
        return np.log((n + 1) / (df + 0.5))
    raise ValueError(f"unknown BM25 variant {p.variant!r}")


def bm25_codes(p: Bm25Params) -> Scores:
    """`p` as the compiled kernel reads it: the variant's place in `VARIANTS`, k1, delta."""
    return np.array([VARIANTS.index(p.variant), p.k1, p.delta], np.float64)


def absent_scores(p: Bm25Params, idf: Scores) -> Scores:
    """Each term's absent-score, the score of a document without it: in BM25+ `idf` times
    delta (the IDFs themselves when delta is 1, as x * 1.0 is x bit for bit: a saved index
    keeps no second array), otherwise none (0)."""
    if p.variant != "plus":
        return np.zeros(len(idf))
    return idf if p.delta == 1.0 else idf * p.delta


def term_maxima(
    indptr: npt.NDArray[np.int64], weights: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """The largest weight of each term's postings (0 for a term without any)."""
    maxima = np.zeros(len(indptr) - 1, np.float32)
    held = np.flatnonzero(np.diff(indptr) > 0)
    if len(held):
        maxima[held] = np.maximum.reduceat(weights, indptr[held])
    return maxima


def collect(documents: Iterable[Sequence[str]]) -> Postings:
    """Count the terms of tokenized documents, streaming (no document is kept)."""
    builder = PostingsBuilder()
    for doc in documents:
        builder.add_terms(doc)
    return builder.build()


_EMPTY: Ids = np.empty(0, np.int32)


class PostingsBuilder:
    """Postings accumulated one document at a time, each document given as its term ids.

    New terms get the next id on first sight (`vocabulary[term]`). Documents are
    kept as one flat array of ids and counted with numpy every BATCH ids, so a
    caller that caches term ids per surface token adds a document without a
    Python loop over its words (bot/postings.py indexes a million passages so).
    """

    BATCH = 1 << 22  # ids counted at once: ~100 MiB of numpy temporaries

    def __init__(self) -> None:
        self.vocabulary: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        self._ids, self._sizes = array("i"), array("i")  # pending documents
        self._documents = 0  # documents counted so far
        self._counted: list[tuple[Ids, Ids, Ids]] = []  # term ids, doc ids, term frequencies
        self._lengths: list[Ids] = []

    def add_terms(self, doc: Sequence[str]) -> None:
        self.add(array("i", map(self.vocabulary.__getitem__, doc)))

    def add(self, ids: array[int]) -> None:
        """One document's term ids in any order, repeats included; negative ids are skipped
        (callers mark stopwords so)."""
        self._ids.extend(ids)
        self._sizes.append(len(ids))
        if len(self._ids) >= self.BATCH:
            self._count()

    def _count(self) -> None:
        """Turn the pending documents into (term, doc, frequency) triples, sorted by term."""
        if not self._sizes:
            return
        ids = np.frombuffer(self._ids, dtype=np.int32) if self._ids else _EMPTY
        sizes = np.frombuffer(self._sizes, dtype=np.int32)
        docs = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        kept = ids >= 0
        ids, docs = ids[kept], docs[kept]
        self._lengths.append(np.bincount(docs, minlength=len(sizes)).astype(np.int32))
        pairs, freqs = np.unique((ids.astype(np.int64) << 32) | docs, return_counts=True)
        term_ids = (pairs >> 32).astype(np.int32)
        doc_ids = (pairs & 0xFFFFFFFF).astype(np.int32) + self._documents
        self._counted.append((term_ids, doc_ids, freqs.astype(np.int32)))
        self._documents += len(sizes)
        self._ids, self._sizes = array("i"), array("i")

    def build(self, extras: Mapping[str, Sequence[str]] | None = None) -> Postings:
        self._count()
        terms = list(self.vocabulary)
        term_ids, doc_ids, freqs = self._concatenated()
        indptr = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_ids, minlength=len(terms)), out=indptr[1:])
        # Each batch is sorted by term then document, and batches follow each other in
        # document order: a stable sort by term leaves documents ascending per term.
        order = np.argsort(term_ids, kind="stable")
        del term_ids  # a million passages make tens of millions of postings: peak memory
        doc_ids = doc_ids[order]
        freqs = freqs[order]
        return Postings(
            terms=terms,
            indptr=indptr,
            doc_ids=doc_ids,
            freqs=freqs,
            lengths=np.concatenate(self._lengths or [_EMPTY]),
            extras=extras or {},
        )

    def _concatenated(self) -> tuple[Ids, Ids, Ids]:
        """The counted batches as three arrays, each batch freed once copied."""
        total = sum(len(batch[0]) for batch in self._counted)
        columns = (np.empty(total, np.int32), np.empty(total, np.int32), np.empty(total, np.int32))
        start = 0
        while self._counted:
            batch = self._counted.pop(0)
            for column, part in zip(columns, batch, strict=True):
                column[start : start + len(part)] = part
            start += len(batch[0])
        return columns


# An alternative's postings, scored as `weight * weights + add` (bot/index.py, `best_of`).
Alternative = tuple[Ids, npt.NDArray[np.float32], float, float]  # ids, weights, weight, add


def add_best_of_postings(total: Scores, floor: float, found: Sequence[Alternative]) -> None:
    """Adds to each passage's score in `total` its best score among the alternatives `found`
    (`floor` where none holds it), in place: what ``total += best`` gives, bit for bit, for
    ``best = np.full(len(total), floor)`` then, alternative by alternative,
    ``best[ids] = np.maximum(best[ids], weight * weights.astype(np.float64) + add)``.

    A float sum's rounding never decreases as a term grows, so ``t + max(a, b)`` is the
    larger of ``t + a`` and ``t + b``, bit for bit: the floor is added to every score, each
    posting's value to its passage's score as it was, and `np.maximum.at` keeps the larger
    (a passage's postings in one alternative are one). No dense array of the best, made
    and then added: 437-449 -> 408-413 us a question for the BM25 of 1,000 new questions at
    100k passages (docs/performance.md, thirteenth round). Each alternative's part of the
    values is scaled in place, not by weights repeated over all of them (77 -> 49 us)."""
    if len(found) == 1:
        ids, weights, weight, add = found[0]
        held = total[ids] + np.maximum(floor, weight * weights.astype(np.float64) + add)
        total += floor
        total[ids] = held
        return
    if not found:
        total += floor
        return
    ids = np.concatenate([f[0] for f in found], dtype=np.intp)  # indices as numpy takes them
    values = np.concatenate([f[1] for f in found], dtype=np.float64)
    start = 0
    for part_ids, _, weight, add in found:  # float64 products and sums, as a whole array's
        part = values[start : start + len(part_ids)]
        part *= weight
        part += add
        start += len(part_ids)
    values += total[ids]
    total += floor
    np.maximum.at(total, ids, values)


def summed_postings(
    size: int, found: Sequence[tuple[Ids, npt.NDArray[np.float32], float]]
) -> Scores:
    """Each of `size` passages' sum of ``weight * weights`` over the postings in `found` that
    hold it: what ``scores = np.zeros(size)`` then ``scores[ids] += weight * weights`` for each
    term in turn gives, bit for bit (`weight` a Python number: a float32 product, as numpy makes
    it; each passage's sum from 0.0 in the same order), as one `np.bincount` over all the
    postings: a third cheaper at 100k passages than a zeroed array and `np.add.at` over them
    (docs/performance.md), and one multiply for all the terms, skipped when every weight is 1."""
    if not found:
        return np.zeros(size)
    ids = np.concatenate([f[0] for f in found]) if len(found) > 1 else found[0][0]
    weights = [f[2] for f in found]
    if all(f[1].dtype == WEIGHT_DTYPE for f in found) and _PLAIN.issuperset(map(type, weights)):
        values = np.concatenate([f[1] for f in found]) if len(found) > 1 else found[0][1]
        if any(weight != 1 for weight in weights):  # x * 1 is x: the multiply is skipped
            factors = np.array(weights, WEIGHT_DTYPE)
            values = values * np.repeat(factors, [len(f[0]) for f in found])
    else:
        values = np.concatenate([weight * values for _, values, weight in found])
    return np.bincount(ids, values, size).astype(np.float64, copy=False)  # float64 already


_PLAIN = frozenset((float, int))  # weights whose product with float32 weights is float32
