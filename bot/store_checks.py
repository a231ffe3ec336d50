"""Whether a saved index generation (bot/store_files.py) is intact: every file the
manifest names there with its size and mtime (and, for a builder, its sha256), and every
array fitting the others, so that a damaged cache is rebuilt, never trusted."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot import split_ids, stored_facts
from bot.index import Postings, Weights
from bot.index_postings import ESCAPE, CodedFreqs, PairCodes, plain_freqs
from bot.stored import ARTICLE, KIND, KINDS, SHIFT, TEXT, HashedTerms, StoredPassages, Strings
from bot.stored_text import BlockStrings


class DamagedError(ValueError):
    """A generation's files that cannot be used; the message says which and why."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def check(folder: Path, files: Mapping[str, Any], full: bool = False) -> None:
    """Every file the manifest names is there with its size and mtime (cheap: a stat
    each); with `full`, its sha256 too. DamagedError otherwise."""
    present = {path.name for path in folder.iterdir()} if folder.is_dir() else set()
    if set(files) != present:
        raise DamagedError(f"the files of {folder.name} are not the ones saved")
    for name, saved in files.items():
        found = (folder / name).stat()
        if (found.st_size, found.st_mtime_ns) != (saved.get("size"), saved.get("mtime_ns")):
            raise DamagedError(f"{name} was changed after it was saved")
        if full and file_sha256(folder / name) != saved.get("sha256"):
            raise DamagedError(f"{name} does not match its checksum")


def check_shapes(
    p: Postings, passages: StoredPassages, strings: BlockStrings, full: bool
) -> None:
    """Arrays that would index out of bounds are rejected, whatever their checksum; the
    checks that read every element only when `full` (they would page in the whole index)."""
    rows, offsets, terms, vocabulary = passages.rows, strings.offsets, p.terms, p.vocabulary
    if not isinstance(terms, Strings) or not isinstance(vocabulary, HashedTerms):
        raise DamagedError("the saved index has no term table")
    slots = vocabulary.slots
    ok = (
        len(slots) > 2 * len(terms)
        and len(slots) & (len(slots) - 1) == 0
        and int(terms.offsets[-1]) == len(terms.blob)
        and len(p.indptr) == len(terms) + 1
        and int(p.indptr[0]) == 0
        and int(p.indptr[-1]) == len(p.doc_ids) == len(p.freqs)
        and (not isinstance(p.doc_ids, split_ids.SplitIds) or p.doc_ids.fits())
        and len(p.lengths) == len(rows)
        and rows.ndim == 1  # records (bot/stored.py `row_table`: StoredPassages reads no other)
        and strings.fits()
        and (p.weights is None or _per_term(p.weights, len(terms)))
        and (p.weights is None or _per_posting(p.weights, len(p.freqs)))
        and (p.codes is None or _coded(p.codes, len(p.freqs)))
        and (p.facts is None or stored_facts.fits(p.facts, len(rows), len(terms), full))
    )
    if ok and full:
        texts = passages.column(TEXT).astype(np.int64)
        ok = (
            bool(np.all(np.diff(p.indptr) >= 0))
            and bool(np.all(np.diff(offsets) >= 0))
            and bool(np.all(np.diff(strings.starts) >= 0))
            and int(plain_freqs(p.freqs).min(initial=1)) >= 1
            and bool(np.all(np.diff(terms.offsets) >= 0))
            and int(slots.max(initial=-1)) < len(terms)
            and _within(_whole(p.doc_ids), len(rows))
            and _within(texts, len(offsets) - 1)
            and _within(texts + passages.column(SHIFT), len(offsets) - 1)
            and _within(passages.column(ARTICLE), len(passages.articles))
            and _within(passages.column(KIND), len(KINDS))
            and (p.codes is None or _pairs_hold(p))
        )
    if not ok:
        raise DamagedError("the saved index's arrays do not fit together")


def _per_posting(weights: Weights, postings: int) -> bool:
    return weights.postings is None or len(weights.postings) == postings


def _coded(codes: PairCodes, postings: int) -> bool:
    """Pair codes one a posting, at most 255 pairs (`index_postings.ESCAPE` the next), and
    a frequency for each escaped posting's place, within the postings (the ends only)."""
    pairs, escapes = codes.pairs, codes.escapes
    shaped = pairs.ndim == 2 and pairs.shape[1] == 2 and len(pairs) <= ESCAPE
    inside = not len(escapes) or 0 <= int(escapes[0]) <= int(escapes[-1]) < postings
    kept = escapes.ndim == codes.escaped.ndim == 1 and len(escapes) == len(codes.escaped)
    return len(codes.codes) == postings and shaped and inside and kept


def _pairs_hold(p: Postings) -> bool:
    """Each coded posting's pair is its frequency and its passage's length (the full check:
    a read of every posting), or it is escaped."""
    assert p.codes is not None
    codes, pairs, escapes = p.codes.codes, p.codes.pairs, p.codes.escapes
    coded = codes != ESCAPE
    if int(codes[coded].max(initial=0)) >= len(pairs):
        return False
    if not np.array_equal(np.flatnonzero(~coded), escapes):  # the escaped places, each once
        return False
    lengths = p.lengths[_whole(p.doc_ids)[coded]]
    found = pairs[codes[coded]]
    if isinstance(p.freqs, CodedFreqs):  # decoded from these very codes: the lengths only
        return bool(np.array_equal(found[:, 1], lengths))
    escaped = np.array_equal(p.freqs[escapes], p.codes.escaped)
    pair = np.array_equal(found[:, 0], p.freqs[coded]) and np.array_equal(found[:, 1], lengths)
    return bool(escaped and pair)


def _per_term(weights: Weights, terms: int) -> bool:
    top = weights.term_max
    return len(weights.idf) == len(weights.absent) == terms and (top is None or len(top) == terms)


def _whole(ids: split_ids.Ids | split_ids.SplitIds) -> split_ids.Ids:
    """Every id of a plain or split array (reads them all); a -1 when some do not decode."""
    if isinstance(ids, split_ids.SplitIds):
        return ids.whole() if ids.ordered() else np.full(1, -1, np.int32)
    return np.asarray(ids)  # a saved one read on demand: read whole (bot/file_array.py)


def _within(values: npt.NDArray[Any], size: int) -> bool:
    return values.size == 0 or (int(values.min()) >= 0 and int(values.max()) < size)
