"""Writes bot/data/leader_nouns.txt: English nouns naming a person who leads or is in charge
("chief", "executive", "director", "manager", "captain", "chairman"), with their plurals,
from WordNet 3.0.

A reader asks for whoever leads a body, a ship or an event in general words ("Who is the
HEAD of X?", "Who is the BOSS of X?", "Who RUNS X?", "Who was IN CHARGE of X?"); news names
the post in its own ("X's chief executive, Jane Roe", "festival director John Roe", "who
captained the X"). bot/answering/leaders.py counts the reader's role word as held by a
passage naming a person beside one of these nouns.

A noun's senses are WordNet's own persons in charge: the hyponyms of head.n.04 ("head,
chief, top dog: a person who is in charge": executive, director, manager, president ...),
leader.n.01 itself, and every noun.person sense whose gloss says the person is in charge,
in command, licensed to command, has control over, presides, or is the head of a thing
("captain: the naval officer in command of a military ship", "chairman: the officer who
presides", "mayor: the head of a city government", "foreman, boss: a person who exercises
control over workers"). Not leader.n.01's whole tree: it holds the politicians, priests and
aristocrats, people who lead in general, not the one in charge of a thing. A word is listed
when such senses hold at least half its uses, of every part of speech (WordNet's SemCor
counts, shared as docs/word_relations.py `sense_shares` does): "captain" (0.60) is, "head"
(a body part first), "secretary" (a clerk first) and "provincial" (an adjective first) are
not. Named people (instance nouns) never.

A compound post ("chief executive", "managing director", "project manager") is read by its
head noun, the last word: the index is of single stems, and news makes such compounds
freely ("festival director"), so the head noun finds them all. The words are kept as
written, not as index terms: stemmed, "insider" and "prior" would be "inside" and "prior
to", "commissioner" the commission, "manager" the management. Plurals as
docs/person_nouns.py makes them.

    apt-get install wordnet-base && PYTHONPATH=. python docs/leader_nouns.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from person_nouns import write_nouns  # noqa: E402
from word_relations import WORDNET, Synset, WordNet, usable  # noqa: E402

TARGET = ROOT / "bot" / "data" / "leader_nouns.txt"
PERSON_FILE = 18  # noun.person
SHARE = 0.5  # a word is listed when its leading senses hold at least this share of its uses
# A gloss (its first clause) saying the person is in charge of something.
IN_CHARGE = re.compile(
    r"\b(?:in charge|in command|to command|control over|presides?|presiding)\b"
    r"|(?<!with )(?<!having )\bthe head of\b|^head of"
)
HEADER = """\
# Nouns naming a person who leads or is in charge, and their plurals: "director directors".
# Made by docs/leader_nouns.py from WordNet 3.0 (Debian's wordnet-base package: hyponyms of
# head.n.04, leader.n.01, and persons whose gloss says they are in charge, in command or the
# head of a thing; at least half a word's uses). WordNet's licence notice is in
# word_relations.txt (WordNet 3.0 Copyright 2006 by Princeton University).
"""


def glosses(folder: Path) -> dict[Synset, str]:
    """Each noun synset's gloss, its first clause (before any example)."""
    found: dict[Synset, str] = {}
    for line in (folder / "data.noun").read_text("latin-1").splitlines():
        if line and not line.startswith(" ") and " | " in line:
            fields, gloss = line.split(" | ", 1)
            found[("n", fields.split()[0])] = gloss.split(";")[0]
    return found


def nth_noun(wordnet: WordNet, lemma: str, n: int) -> Synset:
    return [s for s in wordnet.senses[lemma] if s[0] == "n"][n - 1]


def leading_senses(wordnet: WordNet, folder: Path) -> set[Synset]:
    """The senses of a person who leads or is in charge (the module's docstring)."""
    hyponyms = wordnet.hyponyms()
    found: set[Synset] = set()
    stack = [nth_noun(wordnet, "head", 4)]  # head, chief, top dog: a person who is in charge
    while stack:
        synset = stack.pop()
        if synset not in found:
            found.add(synset)
            stack.extend(hyponyms.get(synset, ()))
    found.add(nth_noun(wordnet, "leader", 1))
    for synset, gloss in glosses(folder).items():
        if (
            wordnet.lexfile.get(synset, 0) // 10 == PERSON_FILE
            and IN_CHARGE.search(gloss)
            and not wordnet.is_instance(synset)
        ):
            found.add(synset)
    return found


def leader_nouns(wordnet: WordNet, folder: Path = WORDNET) -> set[str]:
    senses = leading_senses(wordnet, folder)
    nouns: set[str] = set()
    for lemma in wordnet.senses:
        if not usable(lemma):
            continue
        shares = wordnet.sense_shares(lemma)
        if shares and sum(share for s, share in shares if s in senses) >= SHARE:
            nouns.add(lemma)
    return nouns


def main() -> None:
    write_nouns(TARGET, HEADER, leader_nouns(WordNet(WORDNET)))


if __name__ == "__main__":
    main()
