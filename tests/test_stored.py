"""The saved index's on-demand sequences equal what they were saved from."""

from __future__ import annotations

import gc
import random
from pathlib import Path

import numpy as np
import pytest

from bot import mapped
from bot.file_array import FileArray
from bot.joined import spans_of
from bot.knowledge import load_folder
from bot.postings import AcronymTable, acronyms
from bot.store import load_or_build
from bot.stored import (
    ARTICLE,
    COLUMNS,
    FIELDS,
    KINDS,
    SHIFT,
    TEXT,
    HashedTerms,
    Paragraphs,
    StoredPassages,
    Strings,
    passage_rows,
    row_table,
    term_slots,
    text_blob,
)
from bot.stored_text import LINES, PackedLines, packed


def strings(texts: list[str]) -> Strings:
    blob, offsets = text_blob(texts)
    return Strings(blob, offsets)


def test_hashed_terms_find_every_term_and_nothing_else() -> None:
    rng = random.Random(5)
    words = sorted({"".join(rng.choices("abcdeé", k=rng.randint(1, 6))) for _ in range(3000)})
    terms = strings(words)
    table = HashedTerms(terms, term_slots(words))
    assert len(table.slots) > 2 * len(words)  # at most half full: probes stay short
    for term_id, word in enumerate(words):
        assert table.get(word) == term_id and word in table
    for missing in ("zzz", "", "abcdefg", "é" * 7):
        assert table.get(missing) is None and missing not in table
    assert list(table) == words and len(table) == len(words)
    empty = HashedTerms(strings([]), term_slots([]))
    assert empty.get("a") is None


def test_hashed_terms_read_saved_arrays_in_place(tmp_path: Path) -> None:
    words = ["ab", "abc", "b", "ba", "bé", "é"]  # prefixes of one another, and non-ASCII
    blob, offsets = text_blob(words)
    saved = {"blob": blob, "offsets": offsets.astype(np.int32), "slots": term_slots(words)}
    for name, values in saved.items():
        np.save(tmp_path / f"{name}.npy", values)
    mapped = {n: np.load(tmp_path / f"{n}.npy", mmap_mode="r").view(np.ndarray) for n in saved}
    table = HashedTerms(Strings(mapped["blob"], mapped["offsets"]), mapped["slots"])
    assert [table.get(word) for word in words] == list(range(len(words)))
    assert [table.get(word) for word in ("a", "abcd", "e", "bée")] == [None] * 4


def test_strings_and_paragraphs_read_like_the_texts() -> None:
    texts = ["First paragraph.", "", "Ünïcode — second.", "third"]
    saved = strings(texts)
    assert list(saved) == texts and saved[-1] == "third" and list(saved[1:3]) == texts[1:3]
    paragraphs = Paragraphs(saved, 2, 2)
    assert paragraphs == ("Ünïcode — second.", "third") and paragraphs[-1] == "third"
    assert paragraphs != ("Ünïcode — second.",)
    assert hash(paragraphs) == hash(("Ünïcode — second.", "third"))


def test_stored_passages_spans_equal_the_parsed_ones(tmp_path: Path) -> None:
    folder = Path(__file__).parent / "fixtures" / "knowledge"
    load_or_build(folder, tmp_path / "cache")
    saved = load_or_build(folder, tmp_path / "cache")
    assert saved.from_cache
    passages = saved.knowledge.passages
    assert isinstance(passages, StoredPassages)
    parsed = load_folder(folder).passages
    assert passages.article_spans() == spans_of(parsed)
    for doc_id in range(len(parsed)):
        first, last = passages.span_of(doc_id)
        key = parsed[doc_id].article.key
        assert (first, last) == spans_of(parsed)[key]
    assert passages[3].article is passages[3].article  # one Article object per article


def test_spans_of_short_and_long_articles_read_from_a_file_or_memory(tmp_path: Path) -> None:
    sizes = [1, 2, 32, 33, 96, 5, 71, 1]  # passages per article
    column = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
    rows = np.zeros((len(column), COLUMNS), np.int32)
    rows[:, ARTICLE] = column
    np.save(tmp_path / "rows.npy", row_table(rows))
    ends = np.cumsum(sizes).tolist()
    for table in (row_table(rows), mapped.load(tmp_path / "rows.npy")):
        passages = StoredPassages([], table, strings([]))  # type: ignore[arg-type]
        for index, article in enumerate(column.tolist()):
            expected = (ends[article] - sizes[article], ends[article] - 1)
            assert passages.span_of(index) == expected


def test_acronyms_are_found_by_binary_search_in_the_sorted_lines() -> None:
    found = acronyms(
        ["The World Health Organization met the World Bank.", "Wage Hikes Only", "the who"]
    )
    lines = sorted(f"{short}\t{phrase}" for short, phrases in found.items() for phrase in phrases)
    for table in (AcronymTable(lines), AcronymTable(strings(lines))):
        assert {"World Health Organization", "Wage Hikes Only"} <= set(table.get("who"))
        assert all(table.get(short) == phrases for short, phrases in found.items())
        assert table.get("w", ()) == ()  # a prefix of acronyms is none of them
        assert table.get("xyz") == ()


def test_acronyms_found_across_the_blocks_a_look_up_reads(tmp_path: Path) -> None:
    rng = random.Random(7)
    step = AcronymTable.STEP
    shorts = sorted({"".join(rng.choices("abcd", k=rng.randint(2, 4))) for _ in range(60)})
    # a few phrases each, some more than a block of them: a run crosses blocks' ends
    table = {s: {f"Phrase {s} {n}" for n in range(rng.choice((1, 2, 5, step + 3)))} for s in shorts}
    lines = sorted(f"{short}\t{phrase}" for short, phrases in table.items() for phrase in phrases)
    assert len(lines) > 3 * step
    blob, offsets = text_blob(lines)
    np.save(tmp_path / "blob.npy", blob)
    np.save(tmp_path / "offsets.npy", offsets)
    saved = Strings(FileArray(tmp_path / "blob.npy"), FileArray(tmp_path / "offsets.npy"))
    assert saved[3:70] == lines[3:70] and saved[-5:] == lines[-5:] and saved[9:2] == []
    packed_lines = saved_packed(tmp_path, lines)  # as a saved index keeps them
    assert packed_lines[3:70] == lines[3:70] and list(packed_lines) == lines
    for found in (AcronymTable(lines), AcronymTable(saved), AcronymTable(packed_lines)):
        assert all(found.get(short) == phrases for short, phrases in table.items())
        for missing in ("", "a", "aaaaa", "ab\t", "dddde", "e"):  # not an acronym of any
            assert found.get(missing, ()) == () or missing in table


def saved_packed(folder: Path, lines: list[str]) -> PackedLines:
    """`lines` packed in chunks (bot/stored_text.py), saved and read back with pread."""
    chunks, starts, firsts = packed(lines)
    blob, offsets = text_blob(firsts)
    for name, array in dict(chunks=chunks, starts=starts, blob=blob, offsets=offsets).items():
        np.save(folder / f"packed-{name}.npy", array)
    read = {n: FileArray(folder / f"packed-{n}.npy") for n in ("chunks", "starts", "blob", "offsets")}
    return PackedLines(read["chunks"], read["starts"], Strings(read["blob"], read["offsets"]))


def test_packed_lines_read_like_the_lines_whatever_their_count(tmp_path: Path) -> None:
    for count in (0, 1, LINES - 1, LINES, LINES + 1, 3 * LINES + 5):
        lines = [f"line {n}" if n % 7 else "" for n in range(count)]  # empty lines too
        found = saved_packed(tmp_path, lines)
        assert found.fits() and len(found) == count and list(found) == lines
        assert [found[n] for n in range(count)] == lines and found[-count:] == lines
    assert len(packed(["a"] * 1000)[0]) < 400  # 16 chunks of a few bytes, not 1,999 bytes


def test_paragraphs_hash_once_like_their_tuple_and_keep_it_after_closing() -> None:
    texts = ["First paragraph.", "Second paragraph."]
    blob = strings(texts)
    paragraphs = Paragraphs(blob, 0, 2)
    assert hash(paragraphs) == hash(tuple(texts))  # equal to the tuple, so the same hash
    kept = hash(paragraphs)
    del blob
    gc.collect()
    assert paragraphs != tuple(texts)  # closed: the blob is gone
    assert hash(paragraphs) == kept  # a dict keyed by its article still finds it


def test_passage_rows_name_each_passage_its_article_and_texts() -> None:
    """The rows `passage_rows` makes (values gathered end to end) read back as the passages:
    article number, paragraph, kind, part, and where its text and index text are."""
    kb = load_folder(Path(__file__).parent / "fixtures" / "knowledge")
    rows, texts, firsts = passage_rows(kb.articles, kb.passages)
    assert rows.dtype.names == FIELDS and rows.dtype.itemsize == 6  # one byte a column
    assert any(p.index_text != p.text for p in kb.passages)  # some rows point at two texts
    numbers = {a.key: n for n, a in enumerate(kb.articles)}
    stored = StoredPassages([], rows, strings(texts))
    for k, p in enumerate(kb.passages):
        row = stored.row(k)
        assert row == rows[k].tolist()  # the record's bytes read as the record
        number, paragraph, kind, part, text, shift = row
        assert (number, paragraph, KINDS[kind], part) == (
            numbers[p.article.key],
            p.paragraph,
            p.kind,
            p.part,
        )
        assert (texts[text], texts[text + shift]) == (p.text, p.index_text)
    for article, first in zip(kb.articles, firsts, strict=True):
        assert texts[first : first + len(article.paragraphs)] == list(article.paragraphs)
    empty, _, _ = passage_rows([], [])
    assert empty.shape == (0,) and empty.dtype.names == FIELDS
    assert StoredPassages([], empty, strings([])).article_spans() == {}


def test_row_columns_take_the_narrowest_type_that_holds_them_and_read_back() -> None:
    """Each column of the saved rows is as wide as its largest value needs (a million
    passages' text numbers four bytes, fifty thousand articles two), and reads back whole."""
    rows = np.zeros((3, COLUMNS), np.int64)
    rows[:, ARTICLE] = [0, 70_000, 65_535]  # past two bytes
    rows[:, TEXT] = [5, 2**32 - 1, 300]
    rows[:, SHIFT] = [0, 0, 255]
    table = row_table(rows)
    sizes = [table.dtype.fields[name][0].itemsize for name in FIELDS]  # type: ignore[index]
    assert sizes == [4, 1, 1, 1, 4, 1]
    stored = StoredPassages([], table, strings([]))
    assert [stored.row(k) for k in range(3)] == [tuple(r) for r in rows.tolist()]
    assert stored.column(ARTICLE).tolist() == [0, 70_000, 65_535]


def test_passage_rows_in_another_layout_are_refused() -> None:
    """Rows that are not records of unsigned columns in FIELDS' order (a plain int32 table, as
    formats before 14 saved, a signed column) cannot be read as rows: a start rebuilds."""
    plain = np.zeros((2, COLUMNS), np.int32)
    signed = np.zeros(2, np.dtype([(name, "<i4") for name in FIELDS]))
    for rows in (plain, signed):
        with pytest.raises(ValueError, match="not the saved layout"):
            StoredPassages([], rows, strings([]))
