"""Parts of an index built over consecutive ranges of passages, merged into the index one
build over all of them makes (bot/build.py builds the parts, one per core).

A part numbers its terms in order of first appearance in its own passages, as
`PostingsBuilder` does for the whole archive. So the whole archive's numbering is the parts'
terms taken in order, each new one given the next id; postings are then placed by term, the
parts' documents following each other; the fact arrays' term ids are renumbered the same
way and their offsets shifted. The result equals the one-part build array for array
(tests/test_build.py), so a saved index does not depend on how many cores built it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.index import Postings
from bot.index_postings import plain_freqs
from bot.split_ids import plain
from bot.stored import Strings, decoded, text_blob

Arrays = dict[str, npt.NDArray[Any]]
Ids = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Part:
    """The postings and facts of a range of passages. Facts' term ids below the part's term
    count are its postings' ids, the others its own (its ``words``), as `build_facts` gives
    them over an index of the part's terms."""

    postings: Postings
    facts: Arrays


def merge(parts: Sequence[Part]) -> tuple[Postings, Arrays]:
    """The postings and fact arrays of all the parts' passages, in order."""
    if len(parts) == 1:
        return parts[0].postings, parts[0].facts
    vocabulary: dict[str, int] = {}
    ids = []  # each part's terms' ids in the merged postings
    for part in parts:
        terms = part.postings.terms
        numbered = (vocabulary.setdefault(t, len(vocabulary)) for t in terms)
        ids.append(np.fromiter(numbered, np.int64, len(terms)))
    postings = _postings([part.postings for part in parts], ids, list(vocabulary))
    return postings, _facts([part.facts for part in parts], ids, vocabulary)


def _postings(parts: Sequence[Postings], ids: Sequence[Ids], terms: list[str]) -> Postings:
    counts = np.zeros(len(terms), np.int64)
    for part, global_ids in zip(parts, ids, strict=True):
        counts[global_ids] += np.diff(part.indptr)
    indptr = np.zeros(len(terms) + 1, np.int64)
    np.cumsum(counts, out=indptr[1:])
    doc_ids = np.empty(int(indptr[-1]), np.int32)
    freqs = np.empty(int(indptr[-1]), np.int32)
    cursor = indptr[:-1].copy()  # where each term's next part's postings go
    first = 0  # the part's first document
    for part, global_ids in zip(parts, ids, strict=True):
        sizes = np.diff(part.indptr)
        # a posting's place: its term's place in the merged arrays, plus its rank in the term
        shift = cursor[global_ids] - part.indptr[:-1]
        at = np.repeat(shift, sizes)
        at += np.arange(len(part.doc_ids))
        doc_ids[at] = plain(part.doc_ids) + first
        freqs[at] = plain_freqs(part.freqs)
        del at
        cursor[global_ids] += sizes
        first += len(part.lengths)
    # sorted lists of distinct words (and "short<TAB>phrase" lines): their union, sorted. One
    # sort of the lists end to end merges their sorted runs (2.5x faster than sorting a set
    # of them), and dropping repeats after it keeps the order
    extras = {
        name: list(dict.fromkeys(sorted(itertools.chain(*(part.extras[name] for part in parts)))))
        for name in parts[0].extras
    }
    return Postings(
        terms=terms,
        indptr=indptr,
        doc_ids=doc_ids,
        freqs=freqs,
        lengths=np.concatenate([part.lengths for part in parts]),
        extras=extras,
    )


OFFSETS = ("sentences_at", "terms_at", "implied_at", "document_at")


def _facts(parts: Sequence[Arrays], ids: Sequence[Ids], vocabulary: Mapping[str, int]) -> Arrays:
    count = len(vocabulary)
    own: dict[str, int] = {}  # terms the index lacks, numbered from `count` on
    columns: dict[str, list[npt.NDArray[Any]]] = {name: [np.zeros(1, np.int64)] for name in OFFSETS}
    rows: dict[str, list[npt.NDArray[Any]]] = {"spans": [], "cues": [], "terms": []}
    rows.update(implied=[], document=[])
    texts: list[str] = []
    ends = dict.fromkeys(OFFSETS, 0)
    for facts, global_ids in zip(parts, ids, strict=True):
        extra = decoded(Strings(facts["words"], facts["words_at"]))
        extra_ids = [_id(vocabulary, own, term, count) for term in extra]
        renumbered = np.concatenate([global_ids, np.array(extra_ids, np.int64)]).astype(np.int32)
        rows["terms"].append(renumbered[facts["terms"]])
        rows["document"].append(renumbered[facts["document"]])
        rows["implied"].append(_sorted_within(renumbered[facts["implied"]], facts["implied_at"]))
        for name in OFFSETS:
            columns[name].append(facts[name][1:] + ends[name])
            ends[name] += int(facts[name][-1])
        spans = facts["spans"].copy()
        spans[spans[:, 0] < 0, 1] += len(texts)  # a sentence kept as a text: its new number
        rows["spans"].append(spans)
        rows["cues"].append(facts["cues"])
        texts.extend(decoded(Strings(facts["texts"], facts["texts_at"])))
    merged: Arrays = {name: np.concatenate(parts) for name, parts in columns.items()}
    merged.update({name: np.concatenate(parts) for name, parts in rows.items()})
    merged["words"], merged["words_at"] = text_blob(list(own))
    merged["texts"], merged["texts_at"] = text_blob(texts)
    return merged


def _id(vocabulary: Mapping[str, int], own: dict[str, int], term: str, count: int) -> int:
    found = vocabulary.get(term)
    return found if found is not None else own.setdefault(term, count + len(own))


def _sorted_within(values: npt.NDArray[np.int32], at: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    """`values` sorted within each segment ``at[k]:at[k + 1]`` (a sentence's implied terms
    are kept in id order, and renumbering changes the order)."""
    segment = np.repeat(np.arange(len(at) - 1), np.diff(at))
    return values[np.lexsort((values, segment))]


def ranges(size: int, count: int, lead: Fraction = Fraction(0)) -> list[tuple[int, int]]:
    """`count` consecutive ranges covering ``range(size)``, the first about ``1 + lead`` times
    as long as each other one, which are of about equal size (exact fractions: no float
    rounding moves an edge)."""
    edges = [0, *(math.floor(size * (k + lead) / (count + lead)) for k in range(1, count)), size]
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a] or [(0, size)]
