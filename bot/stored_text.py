"""The saved index's texts, compressed in small blocks and decompressed on demand.

Every paragraph, passage and article record of a saved index is one UTF-8 text
(bot/stored.py); together they were 417 MiB of a 953 MiB index at a million
passages. They are saved as consecutive blocks of BLOCK bytes, each compressed alone with
zstd against one dictionary trained on the blocks (bot/frames.py: at a million passages
437 MB of text in 83 MB), and an offsets table in the uncompressed bytes. Reading a text
decompresses the one or two blocks it lies in (~6 us each); recently read blocks are kept.
The acronym lines are packed apart, in chunks of lines compressed with zlib (`PackedLines`).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import overload

import numpy as np
import numpy.typing as npt

from bot import frames
from bot.memo import Bounded
from bot.stored import View

BLOCK = 4096  # uncompressed bytes per block: 8 KiB are 1.5% smaller at 1M, 1.7 times the read
# bytes of the trained dictionary from LARGE bytes of text: 128 KiB makes the texts 3.4%
# larger at 1M; half of it below, where the larger one does not pay for its own bytes
DICTIONARY = 262144
LARGE = 64 * DICTIONARY  # 16 MiB: at 8 MB of texts 128 KiB is 49 KB smaller, at 30 MB 84 larger
TEXT_LEVEL = 9  # zstd's: 6 makes the texts 6% larger at 1M (88.1 MB) for a quarter less CPU
LEVEL = 4  # zlib's, for the packed lines


class BlockStrings(View[str]):
    """The i-th text is bytes ``offsets[i]:offsets[i + 1]`` of the uncompressed blob, whose
    block k is the frame ``blocks[starts[k]:starts[k + 1]]`` against `dictionary`."""

    KEPT = 1024  # decompressed blocks remembered (4 MiB)

    def __init__(
        self,
        blocks: npt.NDArray[np.uint8],
        starts: npt.NDArray[np.int64],
        offsets: npt.NDArray[np.int64],
        dictionary: npt.NDArray[np.uint8],
    ):
        self.blocks, self.starts, self.offsets = blocks, starts, offsets
        self.dictionary = dictionary
        self._frames = frames.Decompressor(dictionary.tobytes())
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
            return self._block(first)[start - at : end - at]
        joined = b"".join(self._block(k) for k in range(first, last + 1))
        return joined[start - first * BLOCK : end - first * BLOCK]

    def _block(self, number: int) -> bytes:
        """Block `number`, decompressed (or kept)."""
        found = self._kept.get(number)
        if found is None:
            first, last = self.starts[number : number + 2].tolist()
            made = self._frames.decompress(self.blocks[first:last].data, BLOCK)
            found = self._kept.keep(number, made)
        return found


Bytes = npt.NDArray[np.uint8]
Offsets = npt.NDArray[np.int64]


def compressed(texts: Sequence[str]) -> tuple[Bytes, Offsets, Offsets, Bytes]:
    """`texts` as BlockStrings' arrays: blocks, their starts, the texts' offsets, dictionary.
    Blocks are compressed on every core."""
    encoded = [t.encode() for t in texts]
    offsets = np.zeros(len(encoded) + 1, np.int64)
    np.cumsum([len(t) for t in encoded], out=offsets[1:])
    blob = b"".join(encoded)
    del encoded
    pieces = [blob[at : at + BLOCK] for at in range(0, len(blob), BLOCK)]
    del blob
    size = DICTIONARY if int(offsets[-1]) >= LARGE else DICTIONARY // 2
    dictionary = frames.trained(pieces, size)
    blocks, starts = frames.compressed(pieces, dictionary, TEXT_LEVEL)
    return blocks, starts, offsets, np.frombuffer(dictionary, np.uint8)


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
