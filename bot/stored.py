"""Passages and paragraphs read on demand from a saved index's memory-mapped files.

A saved index (bot/store.py) keeps every text once, in one UTF-8 blob with an
offsets array, and one row of numbers per passage. Starting from it parses
nothing: `StoredPassages` is the knowledge base's passage sequence, and builds
a `Passage` only when answering looks at one (a bounded cache keeps the
recent ones). Articles keep their metadata as objects (a few thousand), their
paragraphs as a `Paragraphs` view into the blob.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import functools
import itertools
import json
import struct
import weakref
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar, overload

import numpy as np
import numpy.typing as npt

from bot.memo import Bounded, Lazy
from bot.passages import Article, Passage
from bot.term_ids import TermIds

T = TypeVar("T")

KINDS = ("body", "caption", "details")
# the columns of a passage's row: its article's number, paragraph, kind and part, its text's
# number, and its index text's number minus its text's (0: the same text)
ARTICLE, PARAGRAPH, KIND, PART, TEXT, SHIFT = range(6)
FIELDS = ("article", "paragraph", "kind", "part", "text", "shift")
COLUMNS = len(FIELDS)


class View(Sequence[T]):
    """A read-only sequence whose items are made on demand by `_at` (an index in range);
    negative indexes and slices (a list) are handled here, once for every view below."""

    def _at(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self._at(i) for i in range(len(self))[index]]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._at(index % len(self))


class Strings(View[str]):
    """The i-th text of a blob: ``blob[offsets[i]:offsets[i + 1]]``, decoded on demand."""

    def __init__(self, blob: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64]):
        self.blob, self.offsets = blob, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice) and index.step in (None, 1):
            first, last, _ = index.indices(len(self))
            return self._between(first, last)
        return super().__getitem__(index)

    def _between(self, first: int, last: int) -> list[str]:
        """Texts `first` to `last` - 1 with two reads, their offsets' and their bytes' (a
        saved word list's are read with pread: bot/file_array.py), not two a text."""
        if last <= first:
            return []
        cut = self.offsets[first : last + 1].tolist()
        data, start = self.blob[cut[0] : cut[-1]].tobytes(), cut[0]
        return [data[a - start : b - start].decode() for a, b in itertools.pairwise(cut)]

    def _at(self, index: int) -> str:
        return self.encoded(index).decode()

    def encoded(self, index: int) -> bytes:
        start, end = self.offsets[index : index + 2].tolist()  # one read (bot/file_array.py)
        return self.blob[start:end].tobytes()

    def __iter__(self) -> Iterator[str]:  # all of them: the blob read at once
        return iter(decoded(self))


def narrow_offsets(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """int64 offsets as int32 when they all fit (half the bytes; below 2 GiB of what they
    point into, as every array is below a billion passages); readers take either. A saved
    index's offsets (bot/store_files.py), the close-spelling tables' (bot/stored_spelling.py)."""
    fits = (
        values.dtype == np.int64
        and int(values.max(initial=0)) < 2**31
        and int(values.min(initial=0)) >= 0
    )
    return values.astype(np.int32) if fits else values


def text_blob(texts: Sequence[str]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """`texts` as one UTF-8 array and the offsets where each starts (and the last ends):
    the layout `Strings` reads."""
    encoded = [t.encode() for t in texts]
    offsets = np.zeros(len(encoded) + 1, np.int64)
    np.cumsum([len(t) for t in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), np.uint8), offsets


def decoded(strings: Strings) -> list[str]:
    """All the texts of a blob at once (one copy of the blob, not one per text)."""
    # read whole: each may be a saved array read on demand (bot/file_array.py)
    blob, offsets = np.asarray(strings.blob).tobytes(), np.asarray(strings.offsets).tolist()
    return [blob[a:b].decode() for a, b in itertools.pairwise(offsets)]


def term_slots(terms: Sequence[str]) -> npt.NDArray[np.int32]:
    """An open-addressing hash table of `terms` (crc32, linear probing, at most half full):
    slot -> term id, -1 when empty. Saved with the index so that a start builds no dict."""
    size = 1 << max(4, (2 * len(terms)).bit_length())
    mask = size - 1
    slots = [-1] * size
    for term_id, term in enumerate(terms):
        at = zlib.crc32(term.encode()) & mask
        while slots[at] >= 0:
            at = (at + 1) & mask
        slots[at] = term_id
    return np.array(slots, np.int32)


class HashedTerms(TermIds):
    """Term -> term id over saved terms and their `term_slots` table; recent look-ups are
    remembered in a bounded dict (a question looks up the same few words many times)."""

    REMEMBERED = 100_000

    def __init__(self, terms: Strings, slots: npt.NDArray[np.int32]):
        self._terms, self.slots, self._mask = terms, slots, len(slots) - 1
        self._seen: Bounded[str, int | None] = Bounded(self.REMEMBERED)
        # the arrays' buffers (mapped, not copied): a probe reads a slot and two offsets as
        # ints and compares the term in place, without a numpy scalar, list or bytes made
        self._slots, self._offsets = slots.data, terms.offsets.data
        self._blob = terms.blob.data

    def get_id(self, term: str) -> int | None:
        if term in self._seen:
            return self._seen[term]
        encoded = term.encode()
        slots, offsets, blob, mask = self._slots, self._offsets, self._blob, self._mask
        at = zlib.crc32(encoded) & mask
        found: int | None = None
        while (term_id := slots[at]) >= 0:
            if blob[offsets[term_id] : offsets[term_id + 1]] == encoded:
                found = term_id
                break
            at = (at + 1) & mask
        return self._seen.keep(term, found)

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)


class Paragraphs(View[str]):
    """An article's paragraphs, read from the blob when asked for; equal to their tuple.

    The blob is held weakly: an answer kept for its buttons holds its passages, their
    article and so this, and must not keep a reloaded-away index mapped (20 reloads grew
    a process by 53 MiB so, tests/e2e/test_memory.py). Only a reload reads paragraphs
    (to re-split an article that broke since), while its knowledge base is alive.
    """

    def __init__(self, strings: View[str], first: int, count: int):
        self._strings, self._first, self._count = weakref.ref(strings), first, count
        self._hash: int | None = None

    def _source(self) -> View[str]:
        strings = self._strings()
        if strings is None:
            raise ValueError("the saved index these paragraphs were in has been closed")
        return strings

    def __len__(self) -> int:
        return self._count

    def _at(self, index: int) -> str:
        return self._source()[self._first + index]

    def __iter__(self) -> Iterator[str]:
        strings = self._source()
        return (strings[self._first + i] for i in range(self._count))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Paragraphs) and (self._strings() is None or other._strings() is None):
            return self is other  # a closed index's paragraphs equal only themselves
        if isinstance(other, (tuple, list, Paragraphs)):
            if self._strings() is None:
                return False
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        # Computed once: an article's hash (its name-parts cache key, bot/name_parts.py)
        # would otherwise decode every paragraph at each look-up, and change when the index
        # closes. While open it equals its tuple's hash, as equality with that tuple requires.
        if self._hash is None:
            open_ = self._strings() is not None
            self._hash = hash(tuple(self)) if open_ else hash((self._first,))
        return self._hash

    def __repr__(self) -> str:
        return f"Paragraphs({len(self)})"


class StoredArticles(View[Article]):
    """The articles of a saved index: texts `first`.. of `strings` are their JSON records,
    each made an Article on first use and then kept (passages compare articles by identity)."""

    def __init__(self, strings: View[str], first: int, count: int):
        self._first, self._count = first, count
        built = functools.partial(_article, strings, first)
        self._built = functools.lru_cache(maxsize=None)(built)

    def __len__(self) -> int:
        return self._count

    def _at(self, index: int) -> Article:
        return self._built(index)


def _article(strings: View[str], first: int, index: int) -> Article:
    record = json.loads(strings[first + index])
    published = record["published"]
    start, count = record["paragraphs"]
    return Article(
        **{name: str(record[name]) for name in ARTICLE_FIELDS if name != "published"},
        published=dt.date.fromisoformat(published) if published else None,
        paragraphs=Paragraphs(strings, int(start), int(count)),  # type: ignore[arg-type]
        notes=tuple(str(n) for n in record["notes"]),
    )


class StoredPassages(View[Passage]):
    """The passages of a saved index; `rows[i]` holds passage i's numbers (see FIELDS: a
    record of `row_table`'s, each column in its own narrowest type)."""

    def __init__(
        self,
        articles: Sequence[Article],
        rows: npt.NDArray[np.void],
        strings: View[str],
        cache: int = 4096,  # passages kept built: ~0.6 KB each with their text (~2.5 MiB)
    ):
        self.articles, self.rows, self.strings = articles, rows, strings
        # a row read as a tuple of ints straight from the array's bytes: twice as fast as a
        # record's `tolist` (0.11 against 0.21 us; a question reads ~100 rows)
        self._unpack = struct.Struct(_row_format(rows.dtype)).unpack_from
        self._bytes, self._size = rows.view(np.uint8).data, rows.dtype.itemsize
        # a partial, not a bound method: the cache must not point back at self (a cycle
        # that frozen garbage collection would never free; tests/test_library_gc.py)
        self._passage = functools.partial(_passage, articles, rows, strings)
        self._built: Lazy[Passage] = Lazy(len(rows), self._passage, maxsize=cache)

    def __len__(self) -> int:
        return len(self.rows)

    def _at(self, index: int) -> Passage:
        return self._built[index]

    def __iter__(self) -> Iterator[Passage]:  # no cache: a pass over all would flush it
        return (self._passage(i) for i in range(len(self)))

    def row(self, index: int) -> tuple[int, ...]:
        """Passage `index`'s numbers (see FIELDS; `index` in range, not negative)."""
        return self._unpack(self._bytes, index * self._size)

    def column(self, column: int) -> npt.NDArray[Any]:
        """One column of every row (a strided view of the rows: nothing copied)."""
        return self.rows[FIELDS[column]]

    def article_spans(self) -> dict[str, tuple[int, int]]:
        """Article key -> its first and last passage, from the article column alone."""
        column = np.asarray(self.column(ARTICLE))
        if not len(column):
            return {}
        starts = np.flatnonzero(np.diff(column, prepend=-1))
        ends = np.append(starts[1:] - 1, len(column) - 1)
        numbers = column[starts].tolist()
        return {
            self.articles[n].key: (int(s), int(e))
            for n, s, e in zip(numbers, starts.tolist(), ends.tolist(), strict=True)
        }

    def span_of(self, index: int) -> tuple[int, int]:
        """The first and last passage of passage `index`'s article (adjacent passages)."""
        # a binary search in Python: np.searchsorted would copy the strided column whole
        # (1 ms at 100k passages), this reads ~2 log2(n) of its items
        column = self.column(ARTICLE)
        number = self.row(index)[ARTICLE]
        first = bisect.bisect_left(column, number, hi=index + 1)
        last = bisect.bisect_right(column, number, lo=index) - 1
        return first, last


def _passage(
    articles: Sequence[Article], rows: npt.NDArray[np.void], strings: View[str], index: int
) -> Passage:
    row = rows[index].tolist()
    text = strings[row[TEXT]]
    index_text = strings[row[TEXT] + row[SHIFT]] if row[SHIFT] else text
    return Passage(
        articles[row[ARTICLE]],
        row[PARAGRAPH],
        text,
        kind=KINDS[row[KIND]],
        part=row[PART],
        index_text=index_text,
    )


def passage_rows(
    articles: Sequence[Article], passages: Sequence[Passage]
) -> tuple[npt.NDArray[np.void], list[str], list[int]]:
    """The rows of `passages` (`row_table`'s) and the texts they name, for saving: each
    article's paragraphs first (a whole-paragraph passage points at its paragraph), then any
    other passage text and index text (after its text: the shift is never negative)."""
    texts: list[str] = []
    firsts: dict[str, int] = {}
    numbers = {a.key: n for n, a in enumerate(articles)}
    kinds = {kind: n for n, kind in enumerate(KINDS)}
    for article in articles:
        firsts[article.key] = len(texts)
        texts.extend(article.paragraphs)
    # the rows' values end to end, made into the array at the end: a row assigned into an
    # array per passage cost a third of this loop (2.2 s of CPU at a million passages)
    values = array.array("i")
    for p in passages:
        key, paragraphs, paragraph = p.article.key, p.article.paragraphs, p.paragraph
        if 0 < paragraph <= len(paragraphs) and paragraphs[paragraph - 1] == p.text:
            text = firsts[key] + paragraph - 1  # a whole paragraph: that paragraph's text
        else:
            text = len(texts)
            texts.append(p.text)
        index_text = text
        if p.index_text != p.text:
            index_text = len(texts)
            texts.append(p.index_text)
        values.extend((numbers[key], paragraph, kinds[p.kind], p.part, text, index_text - text))
    rows = np.frombuffer(values, np.int32).reshape(len(passages), COLUMNS)
    return row_table(rows), texts, [firsts[a.key] for a in articles]


def row_table(rows: npt.NDArray[np.int32]) -> npt.NDArray[np.void]:
    """Rows of non-negative numbers (one a column of FIELDS) as records whose every column
    has the narrowest unsigned type that holds it, packed: at a million passages 10 bytes a
    row instead of 24 (articles in two bytes, paragraph, kind, part and shift in one)."""
    types = [np.min_scalar_type(int(rows[:, k].max(initial=0))) for k in range(COLUMNS)]
    layout = [(field, t.newbyteorder("<")) for field, t in zip(FIELDS, types, strict=True)]
    table = np.empty(len(rows), np.dtype(layout))
    for k, field in enumerate(FIELDS):
        table[field] = rows[:, k]
    return table


def _row_format(dtype: np.dtype[Any]) -> str:
    """The `struct` format of a record of `row_table`'s (ValueError for any other dtype)."""
    fields = dtype.fields
    if dtype.names != FIELDS or fields is None:
        raise ValueError("the passage rows are not the saved layout")
    codes = {1: "B", 2: "H", 4: "I", 8: "Q"}
    types = [fields[name][0] for name in FIELDS]
    if any(t.kind != "u" or t.byteorder == ">" for t in types):
        raise ValueError("the passage rows are not the saved layout")
    return "<" + "".join(codes[t.itemsize] for t in types)


def article_record(article: Article, first: int) -> str:
    """An article's metadata for the saved index; its paragraphs are the texts from `first`."""
    record: dict[str, Any] = {
        name: getattr(article, name) for name in ARTICLE_FIELDS if name != "published"
    }
    record["published"] = article.published.isoformat() if article.published else None
    record["notes"] = list(article.notes)
    record["paragraphs"] = [first, len(article.paragraphs)]
    return json.dumps(record, ensure_ascii=False)


ARTICLE_FIELDS: tuple[str, ...] = ("key", "title", "source", "url", "author", "caption")
ARTICLE_FIELDS += ("caption_credit", "credit", "digest", "published")
