"""Each passage's facts saved as one record, a few passages' one zstd frame
(bot/fact_records.py): read back a passage at a time and unfolded whole exactly as a build
lays them out, from memory and from files, with int16 or int32 headers; damaged records
refused."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import fact_records, frames
from bot.fact_records import FramedRecords, Record
from bot.file_array import FileArray

# a sentence: its term ids, implied ids, span (start, end) and cues
Sentence = tuple[list[int], list[int], tuple[int, int], int]
Passage = tuple[list[Sentence], list[int]]  # its sentences, its document's ids
Arrays = dict[str, npt.NDArray[Any]]


def laid_out(passages: list[Passage]) -> Arrays:
    """Passages of sentences as a build lays out their facts (bot/stored_facts.py)."""
    sentences = [s for p, _ in passages for s in p]
    return {
        "sentences_at": np.cumsum([0] + [len(p) for p, _ in passages]).astype(np.int64),
        "document_at": np.cumsum([0] + [len(d) for _, d in passages]).astype(np.int64),
        "document": np.array([i for _, d in passages for i in d], np.int32),
        "terms_at": np.cumsum([0] + [len(s[0]) for s in sentences]).astype(np.int64),
        "implied_at": np.cumsum([0] + [len(s[1]) for s in sentences]).astype(np.int64),
        "spans": np.array([s[2] for s in sentences], np.int32).reshape(-1, 2),
        "cues": np.array([s[3] for s in sentences], np.uint8),
        "terms": np.array([i for s in sentences for i in s[0]], np.int32),
        "implied": np.array([i for s in sentences for i in s[1]], np.int32),
    }


def framed(passages: list[Passage], folder: Path | None = None) -> FramedRecords:
    saved: Arrays = fact_records.saved(laid_out(passages))
    if folder is not None:  # read on demand from a file, as a saved index's are
        np.save(folder / "records.npy", saved["records"])
        saved["records"] = FileArray(folder / "records.npy")  # type: ignore[assignment]
    found = fact_records.column(saved)
    assert found is not None
    return found


def expected(whole: Passage) -> Record:
    passage, document = whole
    terms_at, implied_at = [0], [0]
    for terms, implied, _, _ in passage:
        terms_at.append(terms_at[-1] + len(terms))
        implied_at.append(implied_at[-1] + len(implied))
    return Record(
        terms_at,
        [i for s in passage for i in s[0]],
        implied_at,
        [i for s in passage for i in s[1]],
        [s[2][0] for s in passage],
        [s[2][1] for s in passage],
        [s[3] for s in passage],
        document,
    )


def read(records: FramedRecords, passages: list[Passage]) -> list[Record]:
    return [records.record(p) for p in range(len(passages))]


def same(found: Arrays | None, arrays: Arrays) -> bool:
    return found is not None and all(
        found[name].tolist() == arrays[name].tolist() for name in fact_records.FOLDED
    )


ids = st.lists(st.integers(0, 2**31 - 1), max_size=8)
spans = st.tuples(st.integers(-1, 40_000), st.integers(0, 40_000))
sentence = st.tuples(
    ids, st.lists(st.integers(0, 2**31 - 1), max_size=2), spans, st.integers(0, 255)
)
passages_of_sentences = st.lists(st.tuples(st.lists(sentence, max_size=4), ids), max_size=12)


@settings(max_examples=60, deadline=None)
@given(passages_of_sentences)
def test_any_sentences_read_back_a_passage_at_a_time_and_whole(passages: list[Passage]) -> None:
    records = framed(passages)
    assert records.fits(len(passages))
    assert read(records, passages) == [expected(p) for p in passages]
    assert same(records.plain(), laid_out(passages))


def test_the_header_is_int16_when_every_number_fits_and_int32_otherwise() -> None:
    small: list[Passage] = [([([3, 4], [], (0, 32_767), 5)], [7])]
    wide: list[Passage] = [([([3, 4], [], (0, 32_768), 5)], [7])]  # a span's end past int16
    assert framed(small).head.tolist()[0] == 2
    assert framed(wide).head.tolist()[0] == 4
    for passages in (small, wide):
        assert read(framed(passages), passages) == [expected(p) for p in passages]


def test_the_plain_arrays_give_the_same_records() -> None:
    passages: list[Passage] = [
        ([([1, 2], [9], (0, 10), 1), ([], [], (-1, 0), 0)], []),
        ([], [4, 4]),
        ([([5], [], (3, 8), 2)], [6]),
    ]
    arrays = laid_out(passages)
    plain = [fact_records.record(arrays, p) for p in range(len(passages))]
    assert plain == [expected(p) for p in passages] == read(framed(passages), passages)
    viewed = fact_records.plain_records(arrays)  # through memoryviews of the arrays
    assert isinstance(getattr(viewed, "__self__", None), fact_records.PlainRecords)
    assert [viewed(p) for p in range(len(passages))] == plain
    strided = {**arrays, "terms": np.repeat(arrays["terms"], 2)[::2]}  # not contiguous
    read_so = fact_records.plain_records(strided)
    assert not isinstance(getattr(read_so, "__self__", None), fact_records.PlainRecords)
    assert [read_so(p) for p in range(len(passages))] == plain


def test_many_passages_train_a_dictionary_and_read_back_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fact_records, "DICTIONARY", 16384)  # trained on 4 times its size
    rng = random.Random(2)
    common = [*range(200), 70_000, 123_456, 440_000]  # an archive's repeated words
    sentences = [
        [
            (
                rng.choices(common, k=rng.randint(0, 30)),
                rng.choices(common, k=rng.randint(0, 1)),
                (rng.randint(0, 300), rng.randint(0, 600)),
                rng.randint(0, 63),
            )
            for _ in range(rng.randint(0, 6))
        ]
        for _ in range(3000)
    ]
    documents = [rng.choices(common, k=rng.choice([0, 0, 0, 12])) for _ in sentences]
    passages: list[Passage] = list(zip(sentences, documents, strict=True))
    records = framed(passages, tmp_path)
    assert len(records.dictionary) > 0  # enough sentences to train on
    assert isinstance(records.data, FileArray)
    assert read(records, passages) == [expected(p) for p in passages]
    arrays = laid_out(passages)
    plain = sum(arrays[name].nbytes for name in fact_records.FOLDED)
    assert len(records.data) < plain / 2  # what the frames are for

    def some(seed: int) -> bool:  # the answering threads read at once
        order = random.Random(seed).sample(range(len(passages)), 500)
        return all(records.record(p) == expected(passages[p]) for p in order)

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(some, range(8)))


def test_passages_without_sentences_or_ids_read_back() -> None:
    passages: list[Passage] = [
        ([([5, 6], [], (0, 4), 0)], []),
        ([], []),
        ([([], [], (0, 0), 0)], []),
        ([], [3]),
        ([([7], [], (0, 2), 1)], []),
    ]
    records = framed(passages)
    assert len(records) == 5 and bool(np.all(np.diff(records.frames_at) > 0))  # each frame its records' headers
    assert read(records, passages) == [expected(p) for p in passages]
    assert same(records.plain(), laid_out(passages))


def test_records_that_do_not_fit_or_decompress_are_refused() -> None:
    passages: list[Passage] = [
        ([([1, 2, 3], [], (0, 9), 0), ([4], [8], (10, 14), 1)], [2]),
        ([([5, 6], [], (0, 5), 0)], []),
    ]
    good = framed(passages)
    parts = good.data, good.frames_at, good.dictionary, good.head

    def made(at: int, value: Any) -> FramedRecords:
        changed: list[Any] = list(parts)
        changed[at] = value
        return FramedRecords(*changed)

    assert good.fits(2) and not good.fits(3)
    assert not made(1, good.frames_at[:-1]).fits(2)  # a frame short of a passage
    assert not made(0, good.data[:-1]).fits(2)  # frames past their bytes
    assert not made(3, np.array([3, 100, 4, 2])).fits(2)  # no such header
    assert not made(3, good.head[:2]).fits(2)  # a record a frame's head (format 18)
    assert not made(3, good.head + np.array([0, 0, 0, 1])).fits(2)  # another count
    garbled = made(0, good.data[::-1].copy())
    assert garbled.fits(2) and garbled.plain() is None  # the full check's refusal
    wider = made(3, good.head + np.array([2, 0, 0, 0]))  # int16 headers read as int32
    assert wider.fits(2) and wider.plain() is None
    # a record past the largest frame
    assert made(3, good.head - np.array([0, 4, 0, 0])).plain() is None
    fewer = made(3, good.head - np.array([0, 0, 0, 1]))  # a frame longer than its records
    assert fewer.fits(1) and fewer.plain() is None


@pytest.mark.parametrize("group", [1, 3, 4, 5])
def test_frames_of_any_count_of_passages_read_back(
    group: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fact_records, "GROUP", group)
    passages: list[Passage] = [
        ([([n, n + 1], [n] * (n % 2), (n, n + 4), n % 3)] * (n % 4), [n] * (n % 3))
        for n in range(11)  # 11: the last frame short of GROUP but for 1
    ]
    records = framed(passages)
    assert records.fits(11) and not records.fits(10) and not records.fits(12)
    assert len(records.frames_at) == -(-11 // group) + 1
    assert read(records, passages) == [expected(p) for p in passages]
    assert same(records.plain(), laid_out(passages))


def test_a_dictionary_is_trained_only_on_enough_pieces() -> None:
    assert frames.trained([b"grain ships"] * 5, 1024) == b""
    pieces = [f"passage {n}: grain ships left Odesa".encode() * 20 for n in range(400)]
    assert len(frames.trained(pieces, 1024)) > 0
