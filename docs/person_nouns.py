"""Writes bot/data/person_nouns.txt: English nouns whose usual sense is a person ("nurse",
"protester", "captain"), with their plurals, from WordNet 3.0.

A "who" question is answered by a name, or by a description of people where the article
names none: "Who was arrested?" of "Police arrested two protesters" (bot/answering/
short_rules.py's `person_party`). Telling a description of people from other noun phrases
needs to know which nouns name a person. bot/data/named_kinds.txt keys them by index term,
where "protesters" is "protest", an act; this list keeps the words themselves. A word is
listed when its first noun sense (WordNet's most frequent) is in the lexicographer file
noun.person; its regular plural is made by the spelling rules (nurse -> nurses, city ->
cities, boss -> bosses), an irregular one taken from noun.exc (man -> men).

    apt-get install wordnet-base && PYTHONPATH=. python docs/person_nouns.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from word_relations import WORDNET, WordNet, usable  # noqa: E402

TARGET = ROOT / "bot" / "data" / "person_nouns.txt"
PERSON_FILE = 18  # noun.person
HEADER = """\
# Nouns whose usual sense is a person, and their plurals: "nurse nurses". Made by
# docs/person_nouns.py from WordNet 3.0 (Debian's wordnet-base package: the first noun
# sense in noun.person; plurals by the spelling rules and noun.exc); WordNet's licence
# notice is in word_relations.txt (WordNet 3.0 Copyright 2006 by Princeton University).
"""


def plural(noun: str) -> str:
    """The regular plural: nurse -> nurses, boss -> bosses, deputy -> deputies."""
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def write_nouns(target: Path, header: str, nouns: set[str]) -> None:
    """Write `nouns` and their plurals (`plural`), sorted, under `header`: the form of the
    word lists docs/money_nouns.py and docs/leader_nouns.py make."""
    words = nouns | {plural(n) for n in nouns}
    target.write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(nouns)} nouns, {len(words)} words -> {target}")


def person_nouns(wordnet: WordNet) -> set[str]:
    nouns: set[str] = set()
    for lemma, senses in wordnet.senses.items():
        first = next((s for s in senses if s[0] == "n"), None)
        if first and usable(lemma) and wordnet.lexfile[first] // 10 == PERSON_FILE:
            nouns.add(lemma)
    return nouns


def main() -> None:
    wordnet = WordNet(WORDNET)
    nouns = person_nouns(wordnet)
    irregular: dict[str, str] = {}
    for line in (WORDNET / "noun.exc").read_text("latin-1").splitlines():
        form, base = line.split()[:2]
        if base in nouns and form.isalpha():
            irregular[base] = form
    words = nouns | {irregular.get(n) or plural(n) for n in nouns}
    TARGET.write_text(HEADER + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(nouns)} nouns, {len(words)} words -> {TARGET}")


if __name__ == "__main__":
    main()
