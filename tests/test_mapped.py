"""bot/mapped.py: a saved array mapped read-only reads as numpy's mapped array does; its pages
leave the process's RSS when released and read the same after; a serving answerer gives its
postings' pages back after each answer; only clean pages of a library are ever dropped."""

from __future__ import annotations

import mmap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from bot import mapped
from bot.answering import Answer, Answerer
from bot.answering.candidates import best_passages
from bot.store import load_or_build

PAGE = mmap.PAGESIZE
needs_proc = pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="Linux /proc")


def resident_kib(path: Path) -> int:
    """This process's resident KiB of the mappings of file `path` (/proc/self/smaps)."""
    total, inside = 0, False
    with open("/proc/self/smaps") as lines:
        for line in lines:
            fields = line.split()
            if len(fields) >= 5 and "-" in fields[0] and not fields[0].endswith(":"):
                inside = len(fields) > 5 and fields[5] == str(path)
            elif inside and fields[0] == "Rss:":
                total += int(fields[1])
    return total


def saved(tmp_path: Path, name: str, values: npt.NDArray[np.generic]) -> Path:
    path = tmp_path / f"{name}.npy"
    np.save(path, values, allow_pickle=False)
    return path


def test_a_loaded_array_equals_numpys_mapped_one_and_is_read_only(tmp_path: Path) -> None:
    for name, values in [
        ("ints", np.arange(10_000, dtype=np.int32) * 3 - 7),
        ("table", np.arange(60, dtype=np.uint16).reshape(10, 6)),
        ("empty", np.empty(0, np.float32)),
    ]:
        path = saved(tmp_path, name, values)
        got, numpys = mapped.load(path), np.load(path, mmap_mode="r")
        assert got.dtype == numpys.dtype and got.shape == numpys.shape
        assert got.tolist() == numpys.tolist() and not got.flags.writeable
        with pytest.raises(ValueError):
            got[...] = 0
    path = saved(tmp_path, "cut", np.arange(1000, dtype=np.int64))
    path.write_bytes(path.read_bytes()[:-8])  # one item short of its header
    with pytest.raises(ValueError, match="shorter"):
        mapped.load(path)


@dataclass
class Pair:
    low: npt.NDArray[np.int32]
    high: npt.NDArray[np.int32] | None


def test_maps_of_finds_the_mapping_under_views_and_dataclasses_only(tmp_path: Path) -> None:
    first = mapped.load(saved(tmp_path, "first", np.arange(100, dtype=np.int32)))
    second = mapped.load(saved(tmp_path, "second", np.arange(50, dtype=np.int32)))
    found = mapped.maps_of(first[10:20], Pair(first[:5], second), None)
    assert sorted(len(m) for m in found) == sorted([len(first.base), len(second.base)])
    assert mapped.maps_of(first, first[3:]) == (first.base,)
    in_memory = np.arange(100, dtype=np.int32)
    assert mapped.maps_of(in_memory, in_memory[5:], Pair(in_memory, None)) == ()


@needs_proc
def test_released_pages_leave_the_rss_and_read_the_same_after(tmp_path: Path) -> None:
    values = np.arange(4 * 2**20 // 4, dtype=np.int32)  # 4 MiB
    path = saved(tmp_path, "big", values)
    array = mapped.load(path)
    assert int(array.sum(dtype=np.int64)) == int(values.sum(dtype=np.int64))  # every page read
    assert resident_kib(path) >= 4 * 1024 - 4
    mapped.release(mapped.maps_of(array))
    assert resident_kib(path) == 0
    assert array[123_456] == 123_456 and array[-1] == len(values) - 1  # read back from the file
    assert resident_kib(path) > 0


@needs_proc
def test_only_a_librarys_pages_no_write_copied_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "libnewsbottest.so"
    path.write_bytes(bytes(range(256)) * (4 * PAGE // 256))
    with open(path, "rb") as file:  # read-only: may be dropped
        shared = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    with open(path, "r+b") as file:  # a private mapping with a page copied by a write
        private = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_COPY)
    try:
        assert sum(shared[i * PAGE] for i in range(4)) == 0  # byte 0 of each page
        private[PAGE] = 255  # copied: only this process has it
        _ = private[0], private[2 * PAGE]
        before = resident_kib(path)
        released = mapped.release_library("libnewsbottest")
        assert released == len(shared)  # the shared mapping, not the private one
        assert resident_kib(path) < before
        assert private[PAGE] == 255 and private[PAGE + 1] == 1  # the copied page is kept
        assert shared[PAGE + 1] == 1  # and the dropped one reads back from the file
        assert mapped.release_library("no library of that name") == 0
    finally:
        shared.close()
        private.close()


def summary(answer: Answer) -> list[object]:
    hits = [(h.passage.article.key, h.passage.text, repr(h.score), h.sentence) for h in answer.hits]
    return [answer.declined, answer.short, hits]


@needs_proc
def test_a_served_answer_gives_its_postings_pages_back_and_answers_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(__file__).parent / "fixtures" / "knowledge"
    built = load_or_build(folder, tmp_path / "cache")
    saved_index = load_or_build(folder, tmp_path / "cache")
    assert saved_index.from_cache
    in_memory = Answerer(built.knowledge, postings=built.postings)
    small = Answerer(saved_index.knowledge, postings=saved_index.postings)
    monkeypatch.setattr(mapped, "GIVEN_BACK_FROM", 0)  # the fixture's postings are a few KiB
    serving = Answerer(saved_index.knowledge, postings=saved_index.postings)
    generation = next(p for p in (tmp_path / "cache").iterdir() if p.name.startswith("g-"))
    postings = [generation / "doc_ids.npy", generation / "weights.npy"]
    assert all(p.exists() for p in postings)
    assert mapped.maps_of(built.postings.doc_ids) == ()  # a build's, in memory: none
    rerank = serving.settings.rules.rerank
    for question in ("Who won the chess championship?", "What damaged the apple harvest?"):
        best_passages(serving.index, serving.query(question), rerank)  # BM25 alone: kept
        assert all(resident_kib(p) > 0 for p in postings)
        answer, expected = serving.answer(question), in_memory.answer(question)
        assert [resident_kib(p) for p in postings] == [0, 0]
        assert summary(answer) == summary(expected) and answer.hits
        small.answer(question)  # postings below GIVEN_BACK_FROM: kept mapped
        assert all(resident_kib(p) > 0 for p in postings)
