"""Writes bot/data/money_nouns.txt: English nouns whose usual sense is a sum of money
("compensation", "salary", "fee", "rent"), with their plurals, from WordNet 3.0.

"How much compensation will he receive?" asks a sum as much as "How much will he be paid?"
(bot/answering/answer_types.py reads the latter from its verb); the noun after "how much"
says so when it names money. A word is listed when its first noun sense (WordNet's most
frequent) is, through hypernyms, a kind of money, payment, cost, fee, income, fund, expense,
price or sum of money (each of these read by its own first noun sense); plurals as
docs/person_nouns.py makes them.

    apt-get install wordnet-base && PYTHONPATH=. python docs/money_nouns.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from person_nouns import write_nouns  # noqa: E402
from word_relations import WORDNET, Synset, WordNet, usable  # noqa: E402

TARGET = ROOT / "bot" / "data" / "money_nouns.txt"
ROOTS = ("money", "payment", "cost", "fee", "income", "fund", "expense", "price", "sum_of_money")
HEADER = """\
# Nouns whose usual sense is a sum of money, and their plurals: "salary salaries". Made by
# docs/money_nouns.py from WordNet 3.0 (Debian's wordnet-base package: the first noun sense
# below money, payment, cost, fee, income, fund, expense, price or sum of money); WordNet's
# licence notice is in word_relations.txt (WordNet 3.0 Copyright 2006 by Princeton University).
"""


def first_noun(wordnet: WordNet, lemma: str) -> Synset | None:
    return next((s for s in wordnet.senses.get(lemma, ()) if s[0] == "n"), None)


def money_nouns(wordnet: WordNet) -> set[str]:
    roots = {first_noun(wordnet, r) for r in ROOTS}
    below: dict[Synset, bool] = {}

    def under(synset: Synset) -> bool:  # WordNet's noun hypernyms have no cycle
        if synset not in below:
            below[synset] = synset in roots or any(
                symbol == "@" and under(target) for symbol, target, _, _ in wordnet.pointers[synset]
            )
        return below[synset]

    return {
        lemma
        for lemma in wordnet.senses
        if usable(lemma) and (first := first_noun(wordnet, lemma)) and under(first)
    }


def main() -> None:
    write_nouns(TARGET, HEADER, money_nouns(WordNet(WORDNET)))


if __name__ == "__main__":
    main()
