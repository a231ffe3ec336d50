"""The facts' term ids saved one zstd frame a passage (bot/framed_ids.py), read back a
passage at a time exactly as saved, from memory and from files; damaged frames refused."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import framed_ids, frames
from bot.file_array import FileArray
from bot.framed_ids import FramedIds

Ids = npt.NDArray[np.int32]


def laid_out(passages: list[list[list[int]]]) -> tuple[Ids, Ids, Ids]:
    """Passages of sentences of ids as the facts lay them out: the ids, each sentence's
    first id (``terms_at``) and each passage's first sentence (``sentences_at``)."""
    sentences = [s for p in passages for s in p]
    ids = np.array([i for s in sentences for i in s], np.int32)
    terms_at = np.cumsum([0] + [len(s) for s in sentences]).astype(np.int32)
    sentences_at = np.cumsum([0] + [len(p) for p in passages]).astype(np.int32)
    return ids, terms_at, sentences_at


def framed(passages: list[list[list[int]]], folder: Path | None = None) -> FramedIds:
    ids, terms_at, sentences_at = laid_out(passages)
    arrays = framed_ids.saved("terms", ids, terms_at[sentences_at])
    if folder is not None:  # read on demand from a file, as a saved index's are
        np.save(folder / "terms.npy", arrays["terms"])
        arrays["terms"] = FileArray(folder / "terms.npy")  # type: ignore[assignment]
    arrays.update(terms_at=terms_at, sentences_at=sentences_at)
    found = framed_ids.column(arrays, "terms")
    assert found is not None
    return found


def every_passage(ids: FramedIds, passages: list[list[list[int]]]) -> list[list[int]]:
    terms_at, sentences_at = ids.terms_at.tolist(), ids.sentences_at.tolist()
    return [
        ids.passage(p, terms_at[sentences_at[p]], terms_at[sentences_at[p + 1]]).tolist()
        for p in range(len(passages))
    ]


passages_of_ids = st.lists(
    st.lists(st.lists(st.integers(0, 2**31 - 1), max_size=12), max_size=5), max_size=20
)


@settings(max_examples=60, deadline=None)
@given(passages_of_ids)
def test_any_ids_read_back_a_passage_at_a_time_and_whole(passages: list[list[list[int]]]) -> None:
    ids = framed(passages)
    assert ids.fits() and len(ids) == sum(len(s) for p in passages for s in p)
    assert every_passage(ids, passages) == [[i for s in p for i in s] for p in passages]
    whole = ids.whole()
    assert whole is not None and whole.tolist() == laid_out(passages)[0].tolist()


def test_many_passages_train_a_dictionary_and_read_back_from_a_file(tmp_path: Path) -> None:
    rng = random.Random(2)
    common = [*range(200), 70_000, 123_456, 440_000]  # an archive's repeated words
    passages = [
        [rng.choices(common, k=rng.randint(0, 30)) for _ in range(rng.randint(0, 6))]
        for _ in range(3000)
    ]
    ids = framed(passages, tmp_path)
    assert len(ids.dictionary) > 0  # enough ids to train on
    assert isinstance(ids.data, FileArray)
    assert every_passage(ids, passages) == [[i for s in p for i in s] for p in passages]
    plain = 4 * len(ids)
    assert len(ids.data) < plain / 2  # what the frames are for

    def read(seed: int) -> bool:  # the answering threads read at once
        order = random.Random(seed).sample(range(len(passages)), 500)
        terms_at, sentences_at = ids.terms_at.tolist(), ids.sentences_at.tolist()
        return all(
            ids.passage(p, terms_at[sentences_at[p]], terms_at[sentences_at[p + 1]]).tolist()
            == [i for s in passages[p] for i in s]
            for p in order
        )

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(read, range(8)))


def test_a_passage_without_ids_is_an_empty_frame() -> None:
    ids = framed([[[5, 6]], [], [[]], [[7]]])
    at = ids.frames_at.tolist()
    assert 0 < at[1] == at[2] == at[3] < at[4]
    assert ids.passage(1, 2, 2).tolist() == [] == ids.passage(2, 2, 2).tolist()
    assert ids.passage(3, 2, 3).tolist() == [7]


def test_frames_that_do_not_fit_or_decompress_are_refused() -> None:
    passages = [[[1, 2, 3], [4]], [[5, 6]], [[7, 8, 9, 10]]]
    ids = framed(passages)
    short = FramedIds(ids.data, ids.frames_at[:-1], ids.dictionary, ids.terms_at, ids.sentences_at)
    assert not short.fits()
    past = FramedIds(ids.data[:-1], ids.frames_at, ids.dictionary, ids.terms_at, ids.sentences_at)
    assert not past.fits()
    garbled = FramedIds(
        ids.data[::-1].copy(), ids.frames_at, ids.dictionary, ids.terms_at, ids.sentences_at
    )
    assert garbled.fits() and garbled.whole() is None  # the full check's refusal
    fewer = laid_out([[[1, 2, 3]], [[5, 6]], [[7, 8, 9, 10]]])  # a passage's ids one short
    other = FramedIds(ids.data, ids.frames_at, ids.dictionary, fewer[1], fewer[2])
    assert other.whole() is None


def test_a_dictionary_is_trained_only_on_enough_pieces() -> None:
    assert frames.trained([b"grain ships"] * 5, 1024) == b""
    pieces = [f"passage {n}: grain ships left Odesa".encode() * 20 for n in range(400)]
    assert len(frames.trained(pieces, 1024)) > 0
