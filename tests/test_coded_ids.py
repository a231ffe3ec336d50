"""Term ids saved in two bytes, numbered within regions of the array (bot/coded_ids.py):
every slice decodes to the same ids as the plain array."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coded_ids import CODES, CodedIds, coded, column, is_part, saved, shift_of
from bot.file_array import FileArray


def assert_every_slice(parts: CodedIds, ids: np.ndarray) -> None:
    assert parts.fits() and parts.decodes()
    assert np.array_equal(parts.whole(), ids) and parts.whole().dtype == np.int32
    n = len(ids)
    for start in range(0, n + 1, max(1, n // 7)):
        for stop in range(start, n + 1, max(1, n // 5)):
            assert np.array_equal(parts[start:stop], ids[start:stop]), (start, stop)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**31 - 1) | st.integers(0, 40), max_size=60))
def test_any_ids_decode_in_any_slice(values: list[int]) -> None:
    ids = np.array(values, np.int32)
    assert_every_slice(coded(ids), ids)


def test_regions_halve_until_each_holds_at_most_65536_distinct_ids() -> None:
    rng = np.random.default_rng(5)
    common = rng.integers(0, 1_000, 300_000)
    rare = rng.integers(0, 3_000_000, 300_000)  # 300k distinct ids in all: one region cannot
    ids = np.where(rng.random(300_000) < 0.5, common, rare).astype(np.int32)
    parts = coded(ids)
    sizes = np.diff(parts.table_at)
    assert len(sizes) > 1 and sizes.max() <= CODES and parts.codes.dtype == np.uint16
    assert parts.nbytes <= 2 * len(ids) + 4 * int(sizes.sum()) + 4 * len(parts.table_at)
    assert_every_slice(parts, ids)
    size = 1 << shift_of(len(ids), len(sizes))  # slices across a region's edge
    for edge in range(size, len(ids), size):
        assert np.array_equal(parts[edge - 3 : edge + 2 * size], ids[edge - 3 : edge + 2 * size])


def test_each_region_numbers_its_own_ids_in_order() -> None:
    ids = np.array([9, 700_000, 9, 5] * 20_000 + [123, 5, 70_000] * 10_000, np.int32)
    parts = coded(ids, largest=2**16)  # 110,000 ids: two regions
    assert parts.table_at.tolist() == [0, 3, 8]  # the second starts at id 65,536
    # the commonest first (ties: the smaller id): 9 twice as often as 5 or 700,000 in the first
    assert parts.table.tolist() == [9, 5, 700_000, 5, 123, 70_000, 9, 700_000]
    assert parts.codes[:4].tolist() == [0, 2, 0, 1] and parts.codes[-3:].tolist() == [1, 0, 2]
    assert_every_slice(parts, ids)
    one = coded(ids)  # the largest region holds them all
    assert one.table_at.tolist() == [0, 5] and np.array_equal(one.whole(), ids)


def test_saved_parts_read_back_as_a_column_the_codes_read_on_demand(tmp_path: Path) -> None:
    ids = np.array([4, 8, 15, 16, 23, 42, 4, 8], np.int32)
    arrays = saved("facts_terms", ids)
    assert {name for name in arrays if is_part(name)} == {
        "facts_terms_table",
        "facts_terms_table_at",
    }
    assert not is_part("facts_terms") and not is_part("facts_terms_at")
    np.save(tmp_path / "codes.npy", arrays["facts_terms"])
    read = {**arrays, "facts_terms": FileArray(tmp_path / "codes.npy")}
    found = column(read, "facts_terms")
    assert isinstance(found, CodedIds) and found[1:7].tolist() == ids[1:7].tolist()
    assert column({"facts_terms": ids}, "facts_terms") is ids  # a build's: plain


def test_codes_that_do_not_decode_are_found_by_the_checks() -> None:
    ids = np.array([1, 2, 3, 1, 2, 1], np.int32)
    parts = coded(ids)
    assert parts.fits() and parts.decodes()
    past = CodedIds(parts.codes + 3, parts.table, parts.table_at)
    shorter = CodedIds(parts.codes, parts.table[:2], np.array([0, 2], np.int32))
    assert past.fits() and not past.decodes()
    assert shorter.fits() and not shorter.decodes()
    assert not CodedIds(parts.codes, parts.table, np.array([0, 1, 3], np.int32)).fits()
    assert not CodedIds(parts.codes, parts.table, np.array([0, 2], np.int32)).fits()
