"""The saved index's compressed texts read back exactly as saved."""

from __future__ import annotations

import random
import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.stored_text import BLOCK, BlockStrings, compressed


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
    blocks.KEPT = 4  # type: ignore[misc]  # a tiny cache: emptied again and again
    order = list(range(len(texts)))
    rng.shuffle(order)
    assert [blocks[i] for i in order] == [texts[i] for i in order]
    assert blocks[-1] == texts[-1] and blocks[3:6] == texts[3:6]


def test_offsets_past_the_blocks_do_not_fit() -> None:
    blocks = saved(["one text", "another"])
    short = BlockStrings(blocks.blocks, blocks.starts, blocks.offsets + BLOCK, blocks.dictionary)
    assert not short.fits()
    assert saved([]).fits() and list(saved([])) == []


def test_a_text_early_in_its_block_decompresses_a_part_of_it_and_a_later_one_the_rest() -> None:
    texts = [f"text number {n}, " * 20 for n in range(200)]  # ~300 bytes each: many a block
    blocks = saved(texts)
    first_block_texts = [i for i in range(len(texts)) if blocks.offsets[i + 1] <= BLOCK]
    assert len(first_block_texts) > 10
    assert blocks[0] == texts[0]
    assert len(blocks._kept[0]) < BLOCK // 4  # the first text's part, not the whole block
    last = first_block_texts[-1]
    assert blocks[last] == texts[last]  # further into the block: read again, whole
    assert len(blocks._kept[0]) == BLOCK
    assert [blocks[i] for i in first_block_texts] == [texts[i] for i in first_block_texts]
    # a text across two blocks: the first whole, the second's part
    across = next(i for i in range(len(texts)) if blocks.offsets[i] < 2 * BLOCK < blocks.offsets[i + 1])
    assert blocks[across] == texts[across]


def test_a_block_saved_without_the_dictionary_reads_back_too() -> None:
    """A zlib header without a preset dictionary's id (2 bytes, not 6) is read past as well."""
    text = "Grain ships left Odesa. " * 30
    blocks = saved([text])
    plain = zlib.compress(text.encode())
    assert not plain[1] & 0x20 and blocks.blocks.tobytes()[1] & 0x20  # the two headers
    starts = np.array([0, len(plain)], np.int64)
    alone = BlockStrings(np.frombuffer(plain, np.uint8), starts, blocks.offsets, blocks.dictionary)
    assert alone[0] == text == blocks[0]
