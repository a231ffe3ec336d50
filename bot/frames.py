"""Small zstd frames, each compressed alone against one dictionary trained on the pieces.

A saved index reads its texts and its facts' term ids a few hundred bytes at a time, at
places no earlier question read, so they are saved as many small frames, each read and
decompressed alone: the texts in blocks of 4 KiB (bot/stored_text.py), the facts' term
ids with their sentences one frame every four passages (bot/fact_records.py). Alone, a short frame
compresses poorly; against a dictionary trained on the collection's own pieces
(`zstandard.train_dictionary`: what the pieces repeat) it compresses about as well as the
whole. At a million passages zstd's 4 KiB blocks against a 128 KiB dictionary are 37%
smaller than zlib's 8 KiB blocks against 32 KiB of sampled text, and a text's first read
costs ~10 us where it cost ~26 (docs/performance.md, "The saved index on disk, the texts
and facts"; at level 9 against 256 KiB since, 42% smaller than zlib's: "The saved index
on disk at 1M, twentieth round").

Frames are saved without zstd's magic number, content size, checksum or dictionary id
(`FORMAT_ZSTD1_MAGICLESS`: up to 10 bytes a frame less): a reader knows each frame's size
from its own offsets, and the saved index's own checks guard the bytes (each file's size
and time at a start, its sha256 in a reload's full check: bot/store.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
import zstandard

SAMPLES = 8 << 20  # bytes a dictionary is trained on (~64 times its size), pieces spread over all
RUN = 256  # pieces compressed by one task of the thread pool
# zstd's trainer with its segment and d-mer sizes set (0.1-0.2 s): searching them costs seconds
SEGMENT, DMER = 1024, 8

FrameError = zstandard.ZstdError  # a frame that does not decompress
Bytes = npt.NDArray[np.uint8]
Offsets = npt.NDArray[np.int64]


def trained(pieces: Sequence[bytes], size: int) -> bytes:
    """A dictionary of `size` bytes trained on SAMPLES bytes of `pieces` spread over them;
    empty when they are too few or too small to train on (then frames are compressed
    alone)."""
    chosen: list[bytes | bytearray | memoryview] = [p for p in _spread(pieces) if p]
    if len(chosen) < 16 or sum(map(len, chosen)) < 4 * size:
        return b""
    try:
        found = zstandard.train_dictionary(size, chosen, k=SEGMENT, d=DMER)
    except zstandard.ZstdError:  # nothing it could learn
        return b""
    return found.as_bytes()


def _spread(pieces: Sequence[bytes]) -> list[bytes]:
    """Pieces spread evenly over `pieces`, about SAMPLES bytes of them."""
    total = sum(map(len, pieces))
    if total <= SAMPLES:
        return list(pieces)
    count = max(1, len(pieces) * SAMPLES // total)
    places = np.linspace(0, len(pieces) - 1, count).astype(np.int64).tolist()
    return [pieces[at] for at in places]


def _parameters(level: int) -> zstandard.ZstdCompressionParameters:
    return zstandard.ZstdCompressionParameters.from_level(
        level,
        format=zstandard.FORMAT_ZSTD1_MAGICLESS,
        write_content_size=False,
        write_checksum=False,
        write_dict_id=False,
    )


def _loaded(dictionary: bytes) -> zstandard.ZstdCompressionDict | None:
    return zstandard.ZstdCompressionDict(dictionary) if dictionary else None


def compressed(pieces: Sequence[bytes], dictionary: bytes, level: int) -> tuple[Bytes, Offsets]:
    """`pieces` compressed one frame each against `dictionary` at zstd's `level` (an empty
    piece is an empty frame), on every core: the frames joined, and their starts (one more
    than them)."""
    loaded = _loaded(dictionary)
    parameters = _parameters(level)
    if loaded is not None:
        loaded.precompute_compress(compression_params=parameters)  # hashed once

    def compress(run: Sequence[bytes]) -> list[bytes]:
        # a compressor a task: one is not to be used by two threads at once
        squeeze = zstandard.ZstdCompressor(dict_data=loaded, compression_params=parameters)
        return [squeeze.compress(piece) if piece else b"" for piece in run]

    runs = [pieces[at : at + RUN] for at in range(0, len(pieces), RUN)]
    with ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
        frames = [frame for done in pool.map(compress, runs) for frame in done]
    starts = np.zeros(len(frames) + 1, np.int64)
    np.cumsum([len(f) for f in frames], out=starts[1:])
    return np.frombuffer(b"".join(frames), np.uint8), starts


class Decompressor:
    """Decompresses frames of `compressed` against their dictionary: the dictionary loaded
    once, a zstd context per thread, made on the thread's first read (answers are made in a
    pool of threads: bot/telegram/answers.py; one context is not to be used by two at once).

    A thread's first read holds a lock: zstandard digests the dictionary on the first read
    of any context (`ensure_ddict`, with the GIL released and no lock of its own), so two
    threads reading first at once each made a digest and one was never freed (~27 KiB; 8
    threads reading 1,000 new Decompressors at once grew the process by 5.2 MiB)."""

    def __init__(self, dictionary: bytes):
        self._dictionary = _loaded(dictionary)  # zstd digests it once, on the first read
        self._contexts = threading.local()
        self._first = threading.Lock()

    def decompress(self, frame: bytes | memoryview, size: int) -> bytes:
        """Frame `frame`, whose content is at most `size` bytes, decompressed (FrameError
        when it does not decompress)."""
        try:
            return self._decompressed(frame, size)
        except MemoryError as exc:  # damaged bytes whose header claims a vast content
            raise FrameError("a frame's header claims more than memory holds") from exc

    def _decompressed(self, frame: bytes | memoryview, size: int) -> bytes:
        if not len(frame):
            return b""
        try:
            context = self._contexts.made
        except AttributeError:
            with self._first:  # the dictionary digested once, by one thread
                context = self._contexts.made = zstandard.ZstdDecompressor(
                    dict_data=self._dictionary, format=zstandard.FORMAT_ZSTD1_MAGICLESS
                )
                first: bytes = context.decompress(frame, max_output_size=size)
            return first
        made: bytes = context.decompress(frame, max_output_size=size)
        return made
