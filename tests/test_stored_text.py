"""The saved index's compressed texts read back exactly as saved."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import frames, stored_text
from bot.memo import Bounded
from bot.stored_text import BLOCK, DICTIONARY, BlockStrings, compressed

ZSTD_DICTIONARY = bytes.fromhex("37a430ec")  # a trained zstd dictionary's magic number


def saved(texts: list[str]) -> BlockStrings:
    return BlockStrings(*compressed(texts))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=3 * BLOCK // 2), max_size=12))
def test_any_texts_read_back_exactly(texts: list[str]) -> None:
    blocks = saved(texts)
    assert blocks.fits()
    assert list(blocks) == texts
    assert [blocks.encoded(i) for i in range(len(texts))] == [t.encode() for t in texts]


def test_texts_across_many_blocks_in_any_order_and_after_the_cache_is_emptied() -> None:
    rng = random.Random(3)
    words = ["harbour", "Odesa", "grain", "ships", "Zelenskiy", "court", "ünïcode", "—", "5,000"]
    texts = [" ".join(rng.choices(words, k=rng.randint(0, 400))) for _ in range(2000)]
    blocks = saved(texts)
    assert len(blocks.starts) - 1 > 100  # many blocks, some texts across two or more
    assert len(blocks.blocks) < sum(len(t.encode()) for t in texts) / 3  # it does compress
    blocks._kept = Bounded(4)  # a tiny cache: emptied again and again
    order = list(range(len(texts)))
    rng.shuffle(order)
    assert [blocks[i] for i in order] == [texts[i] for i in order]
    assert len(blocks._kept) <= 4
    assert blocks[-1] == texts[-1] and blocks[3:6] == texts[3:6]


def test_offsets_past_the_blocks_do_not_fit() -> None:
    blocks = saved(["one text", "another"])
    short = BlockStrings(blocks.blocks, blocks.starts, blocks.offsets + BLOCK, blocks.dictionary)
    assert not short.fits()
    assert saved([]).fits() and list(saved([])) == []


def test_a_large_collection_trains_a_dictionary_and_a_small_one_compresses_alone() -> None:
    rng = random.Random(5)
    words = ["the", "minister", "said", "on", "Tuesday", "that", "grain", "exports", "rose"]
    # over 4 times the dictionary's size, what it is trained on
    texts = [" ".join(rng.choices(words, k=rng.randint(20, 80))) + "." for _ in range(3000)]
    large = saved(texts)
    assert 0 < len(large.dictionary) <= DICTIONARY // 2  # under LARGE bytes: the smaller one
    assert large.dictionary.tobytes()[:4] == ZSTD_DICTIONARY  # a trained one
    assert [large[i] for i in range(0, 3000, 7)] == texts[::7]
    small = saved(texts[:5])
    assert len(small.dictionary) == 0 and list(small) == texts[:5]
    alone = frames.compressed([t.encode() for t in texts], b"", 6)[0]
    against = frames.compressed([t.encode() for t in texts], large.dictionary.tobytes(), 6)[0]
    assert len(against) < 0.6 * len(alone)  # what a dictionary is for: short frames


def test_a_block_is_decompressed_once_and_kept() -> None:
    texts = [f"text number {n}, " * 20 for n in range(200)]  # ~300 bytes each: many a block
    blocks = saved(texts)
    assert blocks[0] == texts[0] and blocks[1] == texts[1]
    assert list(blocks._kept) == [0] and len(blocks._kept[0]) == BLOCK
    across = next(
        i for i in range(len(texts)) if blocks.offsets[i] < 2 * BLOCK < blocks.offsets[i + 1]
    )
    assert blocks[across] == texts[across]
    assert sorted(blocks._kept) == [0, 1, 2]


def test_texts_read_from_many_threads_at_once_are_each_right() -> None:
    rng = random.Random(4)
    texts = [
        " ".join(rng.choices(["port", "Odesa", "ship", "grain", "ünï"], k=60)) for _ in range(3000)
    ]
    blocks = saved(texts)
    # every read decompresses again (KEPT is read once, when the blocks are opened)
    blocks._kept = Bounded(2)

    def read(seed: int) -> bool:
        order = random.Random(seed).sample(range(len(texts)), 500)
        return all(blocks[i] == texts[i] for i in order)

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(read, range(8)))
    assert len(blocks._kept) <= 2 < len(blocks.starts) - 1  # so the threads decompressed


def test_a_damaged_frame_is_refused_even_when_its_header_claims_a_vast_content() -> None:
    # these bytes read as a magicless frame header whose content size zstd cannot allocate
    damaged = random.Random(1).randbytes(200)
    with pytest.raises(frames.FrameError):
        frames.Decompressor(b"").decompress(damaged, 4096)


def test_the_larger_dictionary_is_trained_only_on_large_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(6)
    words = ["grain", "ships", "left", "Odesa", "on", "Monday", "under", "escort"]
    texts = [" ".join(rng.choices(words, k=rng.randint(20, 80))) + "." for _ in range(3000)]
    size = sum(len(t.encode()) for t in texts)
    monkeypatch.setattr(stored_text, "DICTIONARY", 32768)
    for large, trained in ((size + 1, 16384), (size, 32768)):  # below LARGE: half the size
        monkeypatch.setattr(stored_text, "LARGE", large)
        found = saved(texts)
        assert len(found.dictionary) == trained
        assert [found[i] for i in range(0, 3000, 11)] == texts[::11]
