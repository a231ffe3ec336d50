"""Writes bot/data/non_nouns.txt: English words used mostly as verbs, adjectives or
adverbs, not as nouns, from WordNet 3.0 and its SemCor counts.

A reader's question holds words no article holds. A noun among them is mostly the thing
asked or told of ("the CAPACITY of the stadium", "apple PIE"): a passage without it tells
of something else. A verb, an adjective or an adverb is mostly the reader's own way of
putting it ("What do thieves USUALLY do ...", "Why does he THINK he lost?", "FULLY grown"),
which the passage says in other words or not at all (bot/answering/decline.py `bar`,
``rules.unseen_class``; docs/quality.md round 50).

Each index term (bot/text.py `term`) is listed when the WordNet lemmas that share it are,
over their senses, less than half nouns: each sense weighs its SemCor count smoothed by
``RANK_PRIOR`` / its rank (docs/word_relations.py `sense_shares`), and each lemma its own
tagged uses plus one. Lemmas never tagged in SemCor are left out (too rare to tell their
usual class), as are phrases.

    apt-get install wordnet-base && PYTHONPATH=. python docs/word_classes.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from word_relations import WORDNET, WordNet, usable  # noqa: E402

from bot.text import STOPWORDS, term  # noqa: E402

TARGET = ROOT / "bot" / "data" / "non_nouns.txt"
NOUN_SHARE = 0.5  # a term is listed when its nouns' share of its uses is below this
HEADER = """\
# Index terms (bot/text.py `term`) of English words used mostly as verbs, adjectives or
# adverbs rather than nouns ("usual", "think", "fulli"), by their senses' SemCor counts.
# Made by docs/word_classes.py from WordNet 3.0 (Debian's wordnet-base package); WordNet's
# licence notice is in word_relations.txt (WordNet 3.0 Copyright 2006 by Princeton University).
"""


def main() -> None:
    wordnet = WordNet(WORDNET)
    nouns: dict[str, float] = defaultdict(float)
    totals: dict[str, float] = defaultdict(float)
    for lemma in wordnet.senses:
        if "_" in lemma or not usable(lemma) or lemma in STOPWORDS:
            continue
        uses = wordnet.uses(lemma)
        if not uses:
            continue
        weight = uses + 1.0
        key = term(lemma)
        for (pos, _), share in wordnet.sense_shares(lemma):
            totals[key] += weight * share
            if pos == "n":
                nouns[key] += weight * share
    listed = sorted(k for k, total in totals.items() if nouns[k] < NOUN_SHARE * total)
    TARGET.write_text(HEADER + "\n".join(listed) + "\n", encoding="utf-8")
    print(f"{len(listed)} of {len(totals)} terms written to {TARGET}")


if __name__ == "__main__":
    main()
