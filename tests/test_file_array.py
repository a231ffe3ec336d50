"""bot/file_array.py: a saved array read with pread answers every indexing its readers use
exactly as the memory-mapped array does, and a damaged file is refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot import fact_records
from bot.file_array import FileArray
from bot.store import load_or_build
from bot.stored import StoredPassages
from bot.stored_text import BlockStrings


def saved(tmp_path: Path, name: str, values: np.ndarray) -> tuple[FileArray, np.ndarray]:
    path = tmp_path / f"{name}.npy"
    np.save(path, values, allow_pickle=False)
    return FileArray(path), np.load(path, mmap_mode="r")


def test_items_rows_and_slices_equal_the_mapped_array(tmp_path: Path) -> None:
    flat, mapped = saved(tmp_path, "flat", np.arange(1000, dtype=np.int64) * 7 - 300)
    assert (len(flat), flat.shape, flat.ndim, flat.dtype) == (1000, (1000,), 1, np.int64)
    for at in (0, 1, 499, 999, -1, -1000):
        assert flat[at] == mapped[at] and type(flat[at]) is type(mapped[at])
    for span in (slice(3, 5), slice(None, 10), slice(990, None), slice(-4, None), slice(7, 7)):
        got = flat[span]
        assert got.dtype == mapped.dtype and got.tolist() == mapped[span].tolist()
    assert flat[10:2].tolist() == []  # empty, as numpy's
    table, rows = saved(tmp_path, "rows", np.arange(60, dtype=np.int32).reshape(10, 6))
    assert table[3].tolist() == rows[3].tolist() and table[-1].tolist() == rows[-1].tolist()
    assert int(table[4, 2]) == int(rows[4, 2]) == 26
    assert table[2:5].shape == (3, 6) and table[2:5].tolist() == rows[2:5].tolist()


def test_anything_else_reads_the_whole_array(tmp_path: Path) -> None:
    table, rows = saved(tmp_path, "rows", np.arange(60, dtype=np.int16).reshape(10, 6))
    assert table[:, 1].tolist() == rows[:, 1].tolist()  # a column
    assert table[::2].tolist() == rows[::2].tolist()  # a step
    assert np.asarray(table).tolist() == rows.tolist()
    assert table.whole().tobytes() == rows.tobytes() and int(np.max(table)) == 59
    assert np.diff(table[:, 0]).tolist() == [6] * 9


def test_another_array_method_is_refused_not_read_whole(tmp_path: Path) -> None:
    table, _ = saved(tmp_path, "rows", np.arange(60, dtype=np.int16).reshape(10, 6))
    assert (table.ndim, table.size, table.nbytes) == (2, 60, 120)  # what it has of an array
    for name in ("max", "tobytes", "tolist", "astype", "T", "__array_interface__"):
        with pytest.raises(AttributeError):
            getattr(table, name)


def test_out_of_range_and_damaged_files(tmp_path: Path) -> None:
    flat, _ = saved(tmp_path, "flat", np.arange(5, dtype=np.int32))
    with pytest.raises(IndexError):
        flat[5]
    with pytest.raises(IndexError):
        flat[-6]
    path = tmp_path / "flat.npy"
    path.write_bytes(path.read_bytes()[:-4])  # one item short
    with pytest.raises(ValueError, match="shorter"):
        FileArray(path)
    path.write_bytes(b"not an array at all")
    with pytest.raises(ValueError):
        FileArray(path)
    objects = tmp_path / "objects.npy"
    np.save(objects, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="plain"):
        FileArray(objects)


def test_a_saved_index_reads_its_texts_and_facts_on_demand_and_maps_its_postings(
    tmp_path: Path,
) -> None:
    folder = Path(__file__).parent / "fixtures" / "knowledge"
    built = load_or_build(folder, tmp_path / "cache")
    saved = load_or_build(folder, tmp_path / "cache")
    assert saved.from_cache and not built.from_cache
    passages = saved.knowledge.passages
    assert isinstance(passages, StoredPassages) and isinstance(passages.strings, BlockStrings)
    assert isinstance(passages.strings.blocks, FileArray)
    facts = saved.postings.facts
    assert facts is not None and isinstance(facts[fact_records.NAME], FileArray)
    assert isinstance(saved.postings.doc_ids, np.ndarray)  # scanned in bulk: mapped
    assert isinstance(passages.rows, np.ndarray)  # read ~30 times a question: mapped
    # what is read through them is what was saved
    assert [p.text for p in passages] == [p.text for p in built.knowledge.passages]
