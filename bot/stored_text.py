"""The saved index's texts, compressed in small blocks and decompressed on demand.

Every paragraph, passage and article record of a saved index is one UTF-8 text
(bot/stored.py); together they were 417 MiB of a 953 MiB index at a million
passages. They are saved as consecutive blocks of BLOCK bytes, each compressed
with zlib against one shared dictionary (text sampled across the whole blob:
8 KiB blocks alone compress 2.3x, with the dictionary 3.2x), and an offsets
table in the uncompressed bytes. Reading a text decompresses the one or two
blocks it lies in (~0.1 ms each), the last of them only up to the text's end (a block's
first texts cost a part of it); recently read blocks, or their parts, are kept. A block is
read as the raw deflate stream inside zlib's wrapping: zlib would compute an Adler-32 of the
32 KiB dictionary for every block it opens, and of every byte it makes, to check what the
saved index's own checks already guard (each file's size and time at a start, its sha256 in
a reload's full check: bot/store.py).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import overload

import numpy as np
import numpy.typing as npt

from bot.memo import Bounded
from bot.stored import View

BLOCK = 8192  # uncompressed bytes per block
DICTIONARY = 32768  # zlib's largest preset dictionary
SAMPLES = 64  # places the dictionary's text is taken from
RUN = 256  # blocks compressed by one task of the thread pool
LEVEL = 4  # 2x faster than 6 for 8% more bytes (13.4 against 12.4 MiB at 100k)
PRESET_DICTIONARY = 0x20  # the FDICT bit of a zlib header's second byte (RFC 1950)


class BlockStrings(View[str]):
    """The i-th text is bytes ``offsets[i]:offsets[i + 1]`` of the uncompressed blob, whose
    block k is ``blocks[starts[k]:starts[k + 1]]`` compressed against `dictionary`."""

    KEPT = 512  # decompressed blocks remembered (4 MiB)

    def __init__(
        self,
        blocks: npt.NDArray[np.uint8],
        starts: npt.NDArray[np.int64],
        offsets: npt.NDArray[np.int64],
        dictionary: npt.NDArray[np.uint8],
    ):
        self.blocks, self.starts, self.offsets = blocks, starts, offsets
        self.dictionary, self._dictionary = dictionary, dictionary.tobytes()
        self._kept: Bounded[int, bytes] = Bounded(self.KEPT)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def fits(self) -> bool:
        """Whether the offsets end within the last block (cheap: no block is read)."""
        count, end = len(self.starts) - 1, int(self.offsets[-1]) if len(self.offsets) else -1
        return (
            count >= 0
            and end >= 0
            and -(-end // BLOCK) == count
            and int(self.starts[0]) == 0
            and int(self.starts[-1]) == len(self.blocks)
        )

    def _at(self, index: int) -> str:
        return self.encoded(index).decode()

    def encoded(self, index: int) -> bytes:
        start, end = self.offsets[index : index + 2].tolist()  # one read (bot/file_array.py)
        first, last = start // BLOCK, (end - 1) // BLOCK
        if end <= start:
            return b""
        if first == last:
            at = first * BLOCK
            return self._block(first, end - at)[start - at : end - at]
        joined = b"".join(self._block(k, BLOCK) for k in range(first, last))
        joined += self._block(last, end - last * BLOCK)
        return joined[start - first * BLOCK : end - first * BLOCK]

    def _block(self, number: int, need: int) -> bytes:
        """Block `number`'s first `need` bytes at least (1 <= need <= BLOCK). A block not
        kept is decompressed up to `need` only (the cost is the bytes made: a text early in
        its block costs a part of it); a kept part too short is replaced by the whole block."""
        found = self._kept.get(number)
        if found is not None and len(found) >= need:
            return found
        first, last = self.starts[number : number + 2].tolist()
        data = self.blocks[first:last].tobytes()
        # the deflate stream after zlib's header (2 bytes, and the dictionary's id when set)
        stream = memoryview(data)[6 if data[1] & PRESET_DICTIONARY else 2 :]
        inflater = zlib.decompressobj(-zlib.MAX_WBITS, zdict=self._dictionary)
        if found is None:
            return self._kept.keep(number, inflater.decompress(stream, need))
        whole = inflater.decompress(stream) + inflater.flush()
        self._kept[number] = whole  # a kept key's value replaced: the count is unchanged
        return whole


Bytes = npt.NDArray[np.uint8]
Offsets = npt.NDArray[np.int64]


def compressed(texts: Sequence[str]) -> tuple[Bytes, Offsets, Offsets, Bytes]:
    """`texts` as BlockStrings' arrays: blocks, their starts, the texts' offsets, dictionary.
    Blocks are compressed on every core (zlib releases the GIL)."""
    encoded = [t.encode() for t in texts]
    offsets = np.zeros(len(encoded) + 1, np.int64)
    np.cumsum([len(t) for t in encoded], out=offsets[1:])
    blob = b"".join(encoded)
    del encoded
    dictionary = _dictionary(blob)
    pieces = [blob[at : at + BLOCK] for at in range(0, len(blob), BLOCK)]

    primed = zlib.compressobj(LEVEL, zdict=dictionary)  # copied: the dictionary hashed once

    def deflate(run: Sequence[bytes]) -> list[bytes]:
        found = []
        for piece in run:
            deflater = primed.copy()
            found.append(deflater.compress(piece) + deflater.flush())
        return found

    # a task of RUN blocks: a thread pool ignores map's chunksize, and a future a block cost
    # the calling thread more than its share (53,000 of them at 1M passages)
    runs = [pieces[at : at + RUN] for at in range(0, len(pieces), RUN)]
    with ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
        blocks = [block for done in pool.map(deflate, runs) for block in done]
    starts = np.zeros(len(blocks) + 1, np.int64)
    np.cumsum([len(b) for b in blocks], out=starts[1:])
    data = np.frombuffer(b"".join(blocks), np.uint8)
    return data, starts, offsets, np.frombuffer(dictionary, np.uint8)


def _dictionary(blob: bytes) -> bytes:
    """Text taken from SAMPLES places spread over the blob: its common words and phrases."""
    if len(blob) <= DICTIONARY:
        return blob
    size = DICTIONARY // SAMPLES
    places = np.linspace(0, len(blob) - size, SAMPLES).astype(np.int64).tolist()
    return b"".join(blob[at : at + size] for at in places)


LINES = 64  # lines a packed chunk holds: the acronym table reads 64 a lookup (AcronymTable)


class PackedLines(View[str]):
    """Lines saved in chunks of LINES, each compressed alone (`packed`), and every chunk's
    first line apart, uncompressed: the i-th line is line ``i % LINES`` of chunk
    ``i // LINES``, whose compressed bytes are ``chunks[starts[k]:starts[k + 1]]``.

    For a long sorted word list read rarely, a few lines at a time: the acronym lines
    ("icc<TAB>International Criminal Court", 35 MB at a million passages, 7 packed). A
    table made of them reads the first lines (every LINES-th: as cheap as a plain list's),
    and a look-up one chunk (~6 us to decompress); the chunks read last are kept."""

    KEPT = 8

    def __init__(self, chunks: npt.NDArray[np.uint8], starts: Offsets, firsts: View[str]):
        self.chunks, self.starts, self.firsts = chunks, starts, firsts
        self._kept: Bounded[int, list[str]] = Bounded(self.KEPT)
        count = len(starts) - 1
        self._count = (count - 1) * LINES + len(self._chunk(count - 1)) if count > 0 else 0

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice) and index.step in (None, 1):  # a chunk's lines at once
            first, last, _ = index.indices(len(self))
            found: list[str] = []
            for chunk in range(first // LINES, -(-last // LINES) if last > first else 0):
                at = chunk * LINES
                found += self._chunk(chunk)[max(first - at, 0) : last - at]
            return found
        return super().__getitem__(index)

    def _at(self, index: int) -> str:
        chunk, line = divmod(index, LINES)
        return self.firsts[chunk] if line == 0 else self._chunk(chunk)[line]

    def _chunk(self, number: int) -> list[str]:
        found = self._kept.get(number)
        if found is None:
            first, last = self.starts[number : number + 2].tolist()
            text = zlib.decompress(self.chunks[first:last].tobytes()).decode()
            found = self._kept.keep(number, text.split("\n"))
        return found

    def fits(self) -> bool:
        """Whether the chunks, their starts and first lines agree (cheap: no chunk is read
        but the last, when made)."""
        count = len(self.starts) - 1
        return (
            count >= 0
            and len(self.firsts) == count
            and int(self.starts[0]) == 0
            and int(self.starts[-1]) == len(self.chunks)
        )


def packed(lines: Sequence[str]) -> tuple[Bytes, Offsets, list[str]]:
    """`lines` (none holding a newline) as PackedLines' arrays: the compressed chunks, their
    starts, and every chunk's first line."""
    chunks = [
        zlib.compress("\n".join(lines[at : at + LINES]).encode(), LEVEL)
        for at in range(0, len(lines), LINES)
    ]
    starts = np.zeros(len(chunks) + 1, np.int64)
    np.cumsum([len(c) for c in chunks], out=starts[1:])
    data = np.frombuffer(b"".join(chunks), np.uint8)
    return data, starts, [lines[at] for at in range(0, len(lines), LINES)]
