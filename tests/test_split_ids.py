"""Ids saved in two bytes and runs of high bits (bot/split_ids.py): every slice decodes to
the same ids as the plain array, whatever the ids (empty, gaps past 65,536, every high)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.split_ids import SplitIds, column, plain, saved, split


def assert_every_slice(ids: np.ndarray) -> None:
    parts = split(ids)
    assert parts.fits() and parts.ordered()
    assert np.array_equal(parts.whole(), ids) and parts.whole().dtype == np.int32
    n = len(ids)
    for start in range(0, n + 1, max(1, n // 7)):
        for stop in range(start, n + 1, max(1, n // 5)):
            assert np.array_equal(parts[start:stop], ids[start:stop]), (start, stop)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 2**31 - 1) | st.integers(0, 3 * 65536), max_size=60))
def test_any_ids_decode_in_any_slice(values: list[int]) -> None:
    assert_every_slice(np.array(values, np.int32))


def test_ascending_postings_over_a_million_passages_take_two_bytes_and_few_runs() -> None:
    rng = np.random.default_rng(3)
    lists = [np.sort(rng.choice(1_000_000, size, replace=False)) for size in (1, 5, 40_000)]
    ids = np.concatenate(lists).astype(np.int32)
    parts = split(ids)
    assert_every_slice(ids)
    assert len(parts.high) <= 3 * 16  # one run per term and 65,536 passages at most
    assert parts.nbytes < 2.1 * len(ids) + 6 * 48 + 8


def test_many_runs_decode_at_once_like_a_few() -> None:
    ids = np.arange(200, dtype=np.int64) * 70_001 % (2**31 - 1)  # a new high part nearly each
    assert_every_slice(ids.astype(np.int32))


@pytest.mark.parametrize(
    "values",
    [[], [0], [65535], [65536], [65535, 65536, 65535], [2**31 - 1, 0, 2**31 - 1], [7] * 9],
)
def test_edges(values: list[int]) -> None:
    assert_every_slice(np.array(values, np.int32))


def test_out_of_range_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        split(np.array([-1]))
    with pytest.raises(ValueError, match="non-negative"):
        split(np.array([2**31]))


def test_saved_arrays_join_back_and_plain_ones_pass_through() -> None:
    ids = np.array([1, 70_000, 70_001, 3], np.int32)
    arrays = saved("terms", ids)
    assert set(arrays) == {"terms", "terms_runs", "terms_high"}
    assert arrays["terms"].dtype == np.uint16
    joined = column(arrays, "terms")
    assert isinstance(joined, SplitIds) and np.array_equal(plain(joined), ids)
    assert column({"terms": ids}, "terms") is ids


def test_runs_that_do_not_cover_the_ids_do_not_fit() -> None:
    parts = split(np.array([1, 70_000, 3], np.int32))
    assert not SplitIds(parts.low, parts.starts[:-1], parts.high).fits()
    assert not SplitIds(parts.low[:-1], parts.starts, parts.high).fits()
    shuffled = SplitIds(parts.low, parts.starts[::-1].copy(), parts.high)
    assert not shuffled.fits() or not shuffled.ordered()
