"""A saved ``.npy`` array read a few rows at a time with ``os.pread``, not memory-mapped.

A serving process reads the passages' texts and facts a dozen candidates at a time, at
places no earlier question read. Mapped, each first touch faults in a page, and this
kernel maps a whole large folio of the page cache on a fault (up to 2 MiB): the first
answer's 12 candidates put ~11 MiB of the facts' term ids (then ``facts_terms.npy``, now
in ``facts_records.npy``) and ~7 MiB of ``text_blocks.npy`` in the process's RSS
(docs/performance.md, "Serving memory"; ``madvise(MADV_RANDOM)`` did not change it). Read
with ``pread``, only the bytes asked for are copied into the process: the file's pages stay
in the OS's page cache, shared and evictable, and are not counted as this process's memory.

`FileArray` answers the indexing that readers of those arrays use (an item, a row, a slice
with step 1, an item of a 2-D array) with one ``pread``; any other key (a column, a mask, a
step) reads the whole array first, as does ``np.asarray`` of it or `whole`: correct, and
only bulk work does it (a builder's full checks, a merge's copy, decoding a word list).
It has an array's shape, dtype and sizes but no other ndarray method or attribute (an
AttributeError): a reader that wants the whole array asks for it by name, never silently.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt


class FileArray:
    """Array `path` (a C-ordered ``.npy``, no pickles), read on demand."""

    __slots__ = ("_fd", "_file", "_offset", "_row", "dtype", "shape")

    def __init__(self, path: Path):
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 (closed with this object)
        try:
            fmt = np.lib.format
            version = fmt.read_magic(self._file)
            read = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
            shape, fortran, dtype = read(self._file)
            if fortran or dtype.hasobject:
                raise ValueError(f"{path.name}: not a plain C-ordered array")
            self._offset = self._file.tell()
        except BaseException:
            self._file.close()
            raise
        self._fd = self._file.fileno()
        self.dtype: np.dtype[Any] = dtype
        self.shape: tuple[int, ...] = tuple(shape)
        self._row = dtype.itemsize * int(np.prod(self.shape[1:], dtype=np.int64))
        if self._offset + self._row * (self.shape[0] if self.shape else 1) > os.fstat(
            self._fd
        ).st_size:
            self._file.close()
            raise ValueError(f"{path.name}: shorter than its header says")

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def nbytes(self) -> int:
        return self.size * self.dtype.itemsize

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-d array")
        return self.shape[0]

    def rows(self, start: int, stop: int) -> npt.NDArray[Any]:
        """Rows `start` to `stop` - 1 (within range: not checked), one pread; what a slice
        reads, without parsing a key (bot/fact_records.py reads its frames so)."""
        count = max(0, stop - start)
        data = os.pread(self._fd, count * self._row, self._offset + start * self._row)
        if len(data) != count * self._row:
            raise ValueError("the array's file is shorter than its header says")
        return np.ndarray((count, *self.shape[1:]), self.dtype, data)

    def __getitem__(self, key: Any) -> Any:
        # the common keys first, tested by exact type (an isinstance of numpy's abstract
        # integer costs more than the read): a slice with step 1, a Python int
        kind = type(key)
        if kind is slice and key.step is None and self.shape:
            start, stop, _ = key.indices(self.shape[0])
            return self.rows(start, stop)
        if kind is int or isinstance(key, np.integer):
            return self._item(int(key))
        if kind is tuple and len(key) == 2 == self.ndim and type(key[0]) is type(key[1]) is int:
            return self._item(key[0])[key[1]]
        return self.whole()[key]

    def _item(self, at: int) -> Any:
        if not self.shape:
            raise IndexError("an index of a 0-d array")
        if at < 0:
            at += self.shape[0]
        if not 0 <= at < self.shape[0]:
            raise IndexError(at)
        return self.rows(at, at + 1)[0]

    def whole(self) -> npt.NDArray[Any]:
        """Every item, read at once."""
        if not self.shape:
            data = os.pread(self._fd, self.dtype.itemsize, self._offset)
            return np.frombuffer(data, self.dtype).reshape(())
        return self.rows(0, self.shape[0])

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        found = self.whole()
        return found if dtype is None else found.astype(dtype)

    def __iter__(self) -> Any:
        return iter(self.whole())

    def __repr__(self) -> str:
        return f"FileArray({self.shape}, {self.dtype})"
