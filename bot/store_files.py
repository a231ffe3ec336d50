"""The files of one saved index generation: written once, then only memory-mapped.

A generation is a folder of plain ``.npy`` arrays (no pickles) and one small
JSON file of article metadata:

* ``text_blocks`` + ``text_starts`` + ``offsets`` + ``text_dictionary``: every
  paragraph and passage text, UTF-8, once, compressed in blocks with zstd against a
  dictionary trained on them (bot/stored_text.py, bot/frames.py);
* ``rows``: one row of numbers per passage (bot/stored.py);
* ``terms``, ``indptr``, ``doc_ids``, ``freqs``, ``lengths``: the postings (term
  frequencies in the narrowest unsigned type that holds them: most fit a byte; in a compact
  index and from `UNWEIGHED_FROM` passages the passage ids split in two bytes and runs of
  high bits, ``doc_ids_runs`` + ``doc_ids_high``: bot/split_ids.py);
* ``weights`` (per posting), ``idf``, ``term_max`` (per term): BM25 weights for the
  parameters the manifest names (no ``idf`` when a start computes the same: `derived_idf`;
  the absent-scores are the IDFs times delta, computed at a start: `absent_scores`); a
  compact index (`knowledge.cache_compact`), and one of
  `UNWEIGHED_FROM` passages or more, saves no ``weights``: the latter saves each posting's
  (frequency, length) pair as a byte instead, ``codes`` + ``code_pairs`` (`PairCodes`), and
  no ``freqs`` but the escaped postings' (``code_escapes``, ``code_escaped``), from
  which the compiled kernel that answers there computes each weight it reads
  (bot/topk_kernels.py); the other readers compute each term's from its frequencies when a
  question reads it; both bit for bit as a build computes them;
* ``extra_<name>``: word lists answering gathers from every passage; the acronym lines
  ``packed_acronyms`` instead, compressed in chunks of lines (bot/stored_text.py), and the
  lists the close-spelling tables are made of ``rest_<name>``, the words the tables lack
  (`stored_spelling.TabledWords`); their offsets, the terms' and the texts' saved as their
  steps in one or two bytes when they fit (`stepped`);
* ``spelling_*``: the close-spelling tables made of two of those lists, searched where they
  lie (bot/stored_spelling.py);
* ``facts_<name>``: every passage's answering facts (bot/stored_facts.py; each passage's
  sentences, their term ids, spans and cues, one record, four passages' one zstd frame:
  bot/fact_records.py).

Arrays are memory-mapped read-only (bot/mapped.py): nothing is parsed or copied,
pages come in as questions touch them and the OS can share and evict them, and an answer
gives back the pages of the postings it mapped; those that
answering reads a few rows at a time (texts, passage rows, facts, word lists: `ON_DEMAND`)
are read with pread instead (bot/file_array.py), so that a mapping's large folios do not
enter the process's RSS. A
generation is never rewritten: a new build writes a new folder (bot/store.py),
so a file a serving process has mapped is never truncated under it. Whether a
generation is intact (files, checksums, arrays that fit) is bot/store_checks.py.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot import fact_records, forked, mapped, split_ids, stored_facts, stored_spelling, topk
from bot.file_array import FileArray
from bot.fuzzy import SpellingSettings
from bot.index import Bm25Params, Postings, Scores, Weights, idf_values
from bot.index_postings import CodedFreqs, PairCodes, absent_scores, pair_codes, plain_freqs
from bot.knowledge import FileError, KnowledgeBase

# The checks of a generation are bot/store_checks.py; callers reach them through here.
from bot.store_checks import DamagedError as DamagedError
from bot.store_checks import check as check
from bot.store_checks import check_shapes
from bot.store_checks import file_sha256 as file_sha256
from bot.stored import (
    HashedTerms,
    StoredArticles,
    StoredPassages,
    Strings,
    article_record,
    narrow_offsets,
    passage_rows,
    term_slots,
    text_blob,
)
from bot.stored_spelling import SavedSpelling, TabledWords
from bot.stored_text import BlockStrings, PackedLines, compressed, packed

ARTICLES = "articles.json"
EXTRA = "extra_"
EXTRA_OFFSETS = "extraoffsets_"
# A word list of which a close-spelling table is made (stored_spelling.TABLES: 4.7 MB at 1M)
# is saved as the words the table does not hold, rest_<name> (0.24 MB), besides the table
REST, REST_OFFSETS = "rest_", "restoffsets_"  # (stored_spelling.TabledWords)
PACKED = "packed_"  # a word list in compressed chunks: packed_<name>, _starts, _firsts, _firstsat
# The acronym lines are the largest word list (35 MB at a million passages; 7 packed) and a
# rare look-up reads them (a word written in capitals, `AcronymTable`): one chunk a look-up.
PACK = ("acronyms",)
SMALL = ("lengths",)  # saved as narrow_small
OFFSETS = ("indptr", "offsets", "text_starts", "term_offsets")  # saved as narrow_offsets
# Offsets saved as their steps when every step fits two bytes or one (`stepped`: the texts'
# 1,266 bytes at most, a word's few dozen), summed again at a start (`unstepped`, ~5 ms at
# 1M): 4, 2 or 1 byte an offset. The postings' offsets (indptr) step by a word's postings.
STEPPED = ("offsets", "text_starts", "term_offsets")  # and every EXTRA_ and REST_OFFSETS one
# Read with pread a few rows at a time (bot/file_array.py): the large arrays a question reads
# a slice of per candidate (its text's block, its sentences' record), and the word lists.
# Their offsets, the passage rows and the term table stay mapped: read many times a question
# (~190 reads instead of ~35), each pread cost ~4 us of CPU against a mapped slice's 0.4.
ON_DEMAND = ("text_blocks", *(f"{stored_facts.PREFIX}{name}" for name in stored_facts.BLOBS))
WEIGHTS = ("idf", "term_max")  # per term; ``weights`` per posting unless compact or large
# The IDFs are not saved when they are what a reader computes from the postings' counts at
# a start (`derived_idf`: every build's; 3.5 MB at 1M, ~5 ms to compute); saved otherwise.
# From this many passages no weight per posting is saved (146.6 of 714.9 MiB at 1M) but its
# pair code (36.6): the compiled kernel that answers there (`topk.PRUNE_FROM`) computes the
# weights from them. Below, numpy's paths, which answer, read the weights (docs/performance.md,
# eighteenth round). From here too the postings' passages are saved split (bot/split_ids.py:
# two bytes an id and its runs), which the kernel reads so (nineteenth round).
UNWEIGHED_FROM = topk.PRUNE_FROM
CODES, CODE_PAIRS = "codes", "code_pairs"  # the postings' pair codes there (`PairCodes`),
CODE_ESCAPES, CODE_ESCAPED = "code_escapes", "code_escaped"  # and no frequencies but these
# Whether a build saves its index compact is a setting (knowledge.cache_compact,
# bot/config.py: what it saves and costs); readers take either layout.
# Two processes share a large save, side by side: this one lays out, compresses and writes
# the texts (zstd on up to four threads: bot/frames.py) while a forked child makes the
# close-spelling tables (from SPELLING_APART passages: below, the fork costs more than it
# saves) and, from INDEX_APART, lays out and writes the rest of the index's files too
# (postings, weights or pair codes, word lists, facts, their sentences framed), which this
# process does after the texts below that. At 100k the tables alone take about as long as
# the texts; at a million (2 cores) the texts took 4.5 s of CPU in this thread and 7 in
# zstd's two, the tables and the rest of the index 8.9 in the
# child: shorter beside the texts than after them (docs/performance.md, eighteenth round).
SPELLING_APART = 20_000
INDEX_APART = 200_000


def write(
    folder: Path,
    kb: KnowledgeBase,
    data: Postings,
    more: Mapping[str, npt.NDArray[Any]] = {},
    compact: bool = False,  # knowledge.cache_compact
    *,
    spelling: SpellingSettings,  # retrieval.spelling: what the close-spelling tables are for
) -> dict[str, Any]:
    """Write a generation into the new folder `folder`, with the arrays `more`; returns what
    the manifest records: each file's size, mtime and sha256, and the BM25 parameters.
    `compact`: without the posting weights, the postings' passages split
    (knowledge.cache_compact); the close-spelling tables are made for
    `spelling`."""
    folder.mkdir(parents=True)
    parts = [
        functools.partial(_text_arrays, folder, kb, more),
        functools.partial(_arrays, data, compact, spelling.min_length),
        functools.partial(stored_spelling.arrays, data.extras, spelling),
    ]
    size = len(kb.passages)
    apart = 3 if size < SPELLING_APART else 2 if size < INDEX_APART else 1
    here, there = parts[:apart], parts[apart:]
    tasks = [functools.partial(_saved, folder, part) for part in (here, there) if part]
    written = forked.run(tasks, dict)  # side by side when it may fork
    found = {name: file for part in written for name, file in part.items()}
    found[ARTICLES] = _described(folder / ARTICLES)
    files = dict(sorted(found.items()))
    params = dataclasses.asdict(data.weights.params) if data.weights is not None else None
    return {"files": files, "params": params, "passages": len(kb.passages)}


def _saved(
    folder: Path, makers: Sequence[Callable[[], dict[str, npt.NDArray[Any]]]]
) -> dict[str, dict[str, Any]]:
    """The arrays `makers` return, saved in `folder` (offsets and small numbers narrowed), by
    their files' names -> what the manifest records of each."""
    files = {}
    arrays = {name: array for make in makers for name, array in make().items()}
    for name, array in arrays.items():
        if _is_stepped(name):
            array = stepped(array)
        elif _is_offsets(name):
            array = narrow_offsets(array)
        elif name in SMALL:
            array = narrow_small(array)
        path = folder / f"{name}.npy"
        np.save(path, np.ascontiguousarray(array), allow_pickle=False)
        files[path.name] = _described(path)
    return files


def _text_arrays(
    folder: Path, kb: KnowledgeBase, more: Mapping[str, npt.NDArray[Any]]
) -> dict[str, npt.NDArray[Any]]:
    """The arrays of the texts and the passage rows, with `more`; writes the articles' file."""
    rows, texts, firsts = passage_rows(kb.articles, kb.passages)
    errors = [[e.path.name, e.reason] for e in kb.errors]
    meta = {"errors": errors, "articles": [len(texts), len(kb.articles)]}
    texts.extend(article_record(a, first) for a, first in zip(kb.articles, firsts, strict=True))
    (folder / ARTICLES).write_bytes(json.dumps(meta, ensure_ascii=False).encode())
    arrays: dict[str, npt.NDArray[Any]] = {"rows": rows, **more}
    blocks, starts, arrays["offsets"], dictionary = compressed(texts)
    arrays.update(text_blocks=blocks, text_starts=starts, text_dictionary=dictionary)
    return arrays


def _arrays(data: Postings, compact: bool, min_length: int) -> dict[str, npt.NDArray[Any]]:
    """The arrays of the index but the close-spelling tables' (made for `min_length`):
    postings, weights, word lists (a tabled one's words the table does not hold), facts."""
    arrays: dict[str, npt.NDArray[Any]] = {}
    arrays["terms"], arrays["term_offsets"] = text_blob(data.terms)
    arrays["term_slots"] = term_slots(data.terms)
    arrays.update({name: getattr(data, name) for name in ("indptr", "lengths")})
    doc_ids = split_ids.plain(data.doc_ids)
    small = len(data.lengths) < UNWEIGHED_FROM  # a length a passage
    if compact or not small:  # large: the compiled kernel reads them split (`UNWEIGHED_FROM`)
        arrays.update(split_ids.saved("doc_ids", doc_ids))
    else:
        arrays["doc_ids"] = doc_ids
    freqs = plain_freqs(data.freqs)
    coded = data.weights is not None and not compact and not small  # pair codes, no freqs
    if not coded:
        arrays["freqs"] = narrowest(freqs)
    for name, words in data.extras.items():
        _joined(words)  # a word with a newline is an error, as it always was
        if name in PACK:
            chunks, chunk_starts, first_lines = packed(words)
            arrays.update({f"{PACKED}{name}": chunks, f"{PACKED}{name}_starts": chunk_starts})
            parts = (f"{PACKED}{name}_firsts", f"{PACKED}{name}_firstsat")
            arrays[parts[0]], arrays[parts[1]] = text_blob(first_lines)
        elif name in stored_spelling.TABLES:
            rest = stored_spelling.untabled(words, min_length)
            arrays[f"{REST}{name}"], arrays[f"{REST_OFFSETS}{name}"] = text_blob(rest)
        else:
            arrays[f"{EXTRA}{name}"], arrays[f"{EXTRA_OFFSETS}{name}"] = text_blob(words)
    if data.weights is not None:
        params, idf = data.weights.params, data.weights.idf
        if not np.array_equal(idf, derived_idf(params, data.indptr, len(data.lengths))):
            arrays["idf"] = idf
        if not compact and small and data.weights.postings is not None:
            arrays["weights"] = data.weights.postings
        elif coded:  # the postings' pairs: the compiled kernel weighs them
            codes = pair_codes(freqs, data.lengths[doc_ids])
            arrays[CODES], arrays[CODE_PAIRS] = codes.codes, codes.pairs
            arrays[CODE_ESCAPES], arrays[CODE_ESCAPED] = codes.escapes, narrowest(codes.escaped)
        if data.weights.term_max is not None:
            arrays["term_max"] = data.weights.term_max
    if data.facts:  # a build's (plain), or a mapped index's (its records unfolded)
        facts = stored_facts.plain(data.facts)
        kept = {n: np.asarray(a) for n, a in facts.items() if n not in fact_records.FOLDED}
        for name, array in {**kept, **fact_records.saved(facts)}.items():
            arrays[f"{stored_facts.PREFIX}{name}"] = array
    return arrays


def derived_idf(params: Bm25Params, indptr: npt.NDArray[Any], size: int) -> Scores:
    """The IDFs a build computes for postings of `size` passages with no other statistics
    (`Bm25Index`), bit for bit: a saved index keeps them only when they differ."""
    return idf_values(params, size, np.diff(indptr).astype(np.int64))


def narrowest(values: npt.NDArray[np.int32]) -> npt.NDArray[Any]:
    """Non-negative `values` in the smallest unsigned type that holds them all."""
    top = int(values.max(initial=0))
    return values.astype(np.min_scalar_type(top), copy=False)


def _is_offsets(name: str) -> bool:
    """Whether saved array `name` holds offsets into another (saved as `narrow_offsets`)."""
    facts = name.startswith(stored_facts.PREFIX) and name.endswith("_at")
    packs = name.startswith(PACKED) and name.endswith(("_starts", "_firstsat"))
    return facts or packs or name.startswith(EXTRA_OFFSETS) or name in OFFSETS


def _is_stepped(name: str) -> bool:
    """Whether saved offsets `name` may be saved as their steps (`stepped`)."""
    return name in STEPPED or name.startswith((EXTRA_OFFSETS, REST_OFFSETS))


def stepped(offsets: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Offsets from 0 as their steps, in uint8 or uint16 when every step fits (a reader
    tells them by their unsigned type: `unstepped`); otherwise as `narrow_offsets`."""
    steps = np.diff(offsets)
    if len(offsets) == 0 or int(offsets[0]) != 0 or int(steps.min(initial=0)) < 0:
        return narrow_offsets(offsets)
    top = int(steps.max(initial=0))
    kind = np.uint8 if top < 2**8 else np.uint16 if top < 2**16 else None
    return narrow_offsets(offsets) if kind is None else steps.astype(kind)


def unstepped(saved: Any) -> Any:  # an ndarray or FileArray
    """Saved offsets as offsets: summed when saved as their steps (unsigned: `stepped`),
    in memory, int32 when they fit; as they are (mapped or read on demand) otherwise."""
    if saved.dtype not in (np.uint8, np.uint16):
        return saved
    steps = np.asarray(saved)  # a FileArray's whole, one read
    offsets = np.zeros(len(steps) + 1, np.int64)
    np.cumsum(steps, out=offsets[1:])
    return narrow_offsets(offsets)


def _word_lists(arrays: Mapping[str, Any], prefix: str, offsets: str) -> dict[str, Strings]:
    """The word lists saved as ``<prefix><name>``, each read with its offsets
    ``<offsets><name>``: the gathered lists (EXTRA) and the tabled lists' rest (REST)."""
    return {
        key.removeprefix(prefix): Strings(blob, arrays[offsets + key.removeprefix(prefix)])
        for key, blob in arrays.items()
        if key.startswith(prefix)
    }


def narrow_small(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Values that all fit int16 (a sentence's place in its passage, a passage's length in
    words) as int16; readers take either."""
    low, high = int(values.min(initial=0)), int(values.max(initial=0))
    return values.astype(np.int16) if low >= -(2**15) and high < 2**15 else values


def _described(path: Path) -> dict[str, Any]:
    found = path.stat()
    return {"size": found.st_size, "mtime_ns": found.st_mtime_ns, "sha256": file_sha256(path)}


def _joined(words: Sequence[str]) -> npt.NDArray[np.uint8]:
    """Words as one newline-separated UTF-8 array: no pickles in the cache."""
    joined = "\n".join(words)
    if joined.count("\n") != max(len(words) - 1, 0):
        raise ValueError("a word contains a newline")  # analysis never makes one
    return np.frombuffer(joined.encode(), dtype=np.uint8)


class Words(Mapping[str, Sequence[str]]):
    """Saved word lists (Postings.extras), each read from its blob (or its packed chunks)
    on demand, and the close-spelling tables saved with them."""

    def __init__(
        self, arrays: Mapping[str, Strings | PackedLines | TabledWords], spelling: SavedSpelling
    ):
        self._arrays = arrays
        self.spelling = spelling

    def __getitem__(self, name: str) -> Strings | PackedLines | TabledWords:
        return self._arrays[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._arrays)

    def __len__(self) -> int:
        return len(self._arrays)


def read(folder: Path, manifest: Mapping[str, Any]) -> tuple[KnowledgeBase, Postings]:
    """The knowledge and postings of a checked generation, mapped or read on demand."""
    try:
        arrays = {path.stem: _opened(path) for path in folder.glob("*.npy")}
        for name in [name for name in arrays if _is_stepped(name)]:
            arrays[name] = unstepped(arrays[name])
        raw = json.loads((folder / ARTICLES).read_bytes())
        blocks, starts = arrays["text_blocks"], arrays["text_starts"]
        strings = BlockStrings(blocks, starts, arrays["offsets"], arrays["text_dictionary"])
        first, count = (int(n) for n in raw["articles"])
        if not 0 <= first <= first + count <= len(strings):
            raise DamagedError("the articles are not where the index says")
        articles = StoredArticles(strings, first, count)
        errors = tuple(FileError(Path(name), reason) for name, reason in raw["errors"])
        passages = StoredPassages(articles, arrays["rows"], strings)
        weights = None
        if manifest.get("params") is not None and "term_max" in arrays:
            params = Bm25Params(**manifest["params"])
            postings = arrays.get("weights")  # None: a compact index's, computed per term
            idf = arrays.get("idf")  # None: the postings' own, computed as a build did
            if idf is None:
                idf = derived_idf(params, arrays["indptr"], len(arrays["lengths"]))
            absent = absent_scores(params, idf)
            weights = Weights(params, postings, idf, absent, arrays["term_max"])
        extras: dict[str, Strings | PackedLines | TabledWords] = dict(
            _word_lists(arrays, EXTRA, EXTRA_OFFSETS)
        )
        for name in PACK:
            if f"{PACKED}{name}" in arrays:
                at = f"{PACKED}{name}"
                firsts = Strings(arrays[f"{at}_firsts"], arrays[f"{at}_firstsat"])
                extras[name] = PackedLines(arrays[at], arrays[f"{at}_starts"], firsts)
        spelling = stored_spelling.read(arrays)
        tables = dict(zip(stored_spelling.TABLES, (spelling.words, spelling.names), strict=True))
        rests = _word_lists(arrays, REST, REST_OFFSETS)
        for name, rest in rests.items():
            extras[name] = stored_spelling.TabledWords(rest, tables[name])
        terms = Strings(arrays["terms"], arrays["term_offsets"])
        prefix = stored_facts.PREFIX
        facts = {k.removeprefix(prefix): a for k, a in arrays.items() if k.startswith(prefix)}
        codes = None
        if CODES in arrays:
            parts = (CODES, CODE_PAIRS, CODE_ESCAPES, CODE_ESCAPED)
            codes = PairCodes(*(arrays[name] for name in parts))
        postings = Postings(
            terms=terms,
            vocabulary=HashedTerms(terms, arrays["term_slots"]),
            indptr=arrays["indptr"],
            lengths=arrays["lengths"],
            doc_ids=split_ids.column(arrays, "doc_ids"),
            # none saved beside the pair codes (a large index's): decoded from them
            freqs=arrays["freqs"] if codes is None else CodedFreqs(codes),
            extras=Words(extras, spelling),
            weights=weights,
            facts=facts or None,
            codes=codes,
        )
    except (
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        OSError,
        UnicodeDecodeError,
        zlib.error,  # a packed word list's last chunk (bot/stored_text.py)
    ) as exc:
        raise DamagedError(f"damaged saved index: {exc}") from exc
    heads = [words.firsts for words in extras.values() if isinstance(words, PackedLines)]
    lists = [words for words in extras.values() if not isinstance(words, TabledWords)]
    if any(not _fits(words) for words in [*lists, *heads, *rests.values()]):
        raise DamagedError("a saved word list does not fit its offsets")
    check_shapes(postings, passages, strings, full=False)
    return KnowledgeBase(articles, passages, errors), postings


def _fits(words: Any) -> bool:  # a Strings or PackedLines
    if isinstance(words, PackedLines):
        return words.fits()
    return int(words.offsets[-1]) == len(words.blob)


def _opened(path: Path) -> Any:  # an ndarray, or a FileArray indexed as one
    """Saved array `path`: read a few rows at a time with pread when answering reads it so
    (`ON_DEMAND`), otherwise memory-mapped (scanned in bulk: the postings)."""
    name = path.stem
    if name in ON_DEMAND or name.startswith((EXTRA, EXTRA_OFFSETS, PACKED, REST, REST_OFFSETS)):
        return FileArray(path)
    # a plain ndarray over the mapping (np.memmap's Python hooks cost on every slice), whose
    # pages a serving process can give back after a question (bot/mapped.py)
    return mapped.load(path)


def verify(folder: Path, manifest: Mapping[str, Any]) -> None:
    """The full check, for a builder: checksums, and every index within its bounds."""
    check(folder, manifest["files"], full=True)
    kb, postings = read(folder, manifest)
    assert isinstance(kb.passages, StoredPassages)
    assert isinstance(kb.passages.strings, BlockStrings)
    check_shapes(postings, kb.passages, kb.passages.strings, full=True)
