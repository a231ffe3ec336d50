"""Writes bot/data/word_glosses.txt: words WordNet 3.0's definitions join, a weaker tier of
word relations than docs/word_relations.py's (issue 15, docs/quality.md round 55).

WordNet defines a word in other words: "kill" is "cause to die", a "sentence" is "a final
judgment of guilty in a criminal case and the punishment that is imposed", a "researcher"
"a scientist who devotes himself to doing research". A reader writes one, an article the
other ("How many died?" of "killed"), where no synonym, derivation or one-step hypernym
joins them. Each content word of a sense's definition (the text before its quoted
examples) is related to the defined word, weighted like docs/word_relations.py's
relations by how often the word means that sense (its SemCor share, smoothed by rank) and
by the word's share of its index term's uses; the words WordNet defines with, those of more
than ``DEFINING`` definitions ("cause", "usually", "person", "relating"), say little of a
sense and are left out, and so are pairs the relations table already holds. Each index term
keeps its ``KEEP`` strongest at least ``LOWEST``. Measured and dropped (docs/quality.md round
54): answering read the file both ways, a tier below the relations (``rules.gloss_weight``
in bot/answering/vocabulary.py, commit 17a7d49 of round 55), and lost 2-17 questions of the
pool at every weight and floor; the bot ships no such file. docs/word_gaps.py reads the
table in memory.

WordNet is Debian's `wordnet-base` package (its licence notice is copied into the file's
header). To remake the file:

    apt-get install wordnet-base && PYTHONPATH=. python docs/word_glosses.py
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

import word_relations as made  # noqa: E402

from bot.relations import both_ways, parse  # noqa: E402
from bot.text import term  # noqa: E402

TARGET = ROOT / "bot" / "data" / "word_glosses.txt"
DEFINING = 400  # a term in more definitions than this is WordNet's defining vocabulary
LOWEST = 0.2  # weaker links are left out
KEEP = 6  # strongest links kept per index term
FIRST = 1000  # words of a definition read

HEADER = made.HEADER.replace(
    "and its related terms with weights in hundredths (synonyms, derivations, one-step\n"
    "# hypernyms and hyponyms, similar adjectives, verb groups, weighted by sense frequency).\n"
    "# Made by docs/word_relations.py",
    "and the terms of its senses' definitions with weights in hundredths (each sense's\n"
    "# share of the word's uses; pairs word_relations.txt holds are left out).\n"
    "# Made by docs/word_glosses.py",
)


def definitions(folder: Path) -> dict[made.Synset, str]:
    """Each synset's definition: its gloss before the first quoted example."""
    found: dict[made.Synset, str] = {}
    for name, pos in made.POS.items():
        for line in (folder / f"data.{name}").read_text("latin-1").splitlines():
            if not line or line.startswith(" "):
                continue
            head, _, gloss = line.partition(" | ")
            found[(pos, head.split()[0])] = gloss.split('"')[0]
    return found


def table(wordnet: made.WordNet) -> dict[str, dict[str, float]]:
    """Index term -> the terms of its senses' definitions with their weights (one way)."""
    defined = definitions(made.WORDNET)
    counts: dict[str, int] = defaultdict(int)
    for text in defined.values():
        for own in {term(word) for word in re.findall(r"[a-z]+", text.lower())}:
            counts[own] += 1
    common = {own for own, count in counts.items() if count > DEFINING}
    relations = both_ways(parse(made.TARGET.read_text("utf-8")))
    lemmas: dict[str, list[str]] = defaultdict(list)
    for lemma in sorted(wordnet.senses):
        if made.usable(lemma):
            lemmas[term(lemma)].append(lemma)
    found: dict[str, dict[str, float]] = {}
    for own, group in lemmas.items():
        uses = {lemma: wordnet.uses(lemma) + 1 for lemma in group}
        total = sum(uses.values())
        if total == len(group):  # never tagged in SemCor: too rare to tell its sense
            continue
        held = relations.get(own, {})
        links: dict[str, float] = {}
        for lemma in group:
            for synset, share in wordnet.sense_shares(lemma):
                if wordnet.is_instance(synset):  # a name's definition tells facts of it
                    continue
                seen: set[str] = set()
                for word in re.findall(r"[a-z]+", defined[synset].lower())[:FIRST]:
                    other = term(word) if made.usable(word) else ""
                    if not other or other == own or other in common or other in held:
                        continue
                    if other not in seen:
                        seen.add(other)
                        links[other] = links.get(other, 0.0) + share * uses[lemma] / total
        best = sorted(links.items(), key=lambda item: (-item[1], item[0]))
        kept = {t: min(w, 1.0) for t, w in best[:KEEP] if w >= LOWEST}
        if kept:
            found[own] = kept
    return found


def main(argv: list[str]) -> None:
    """`argv`: NAME=VALUE for a constant above (FIRST=8), to measure a variant, and the
    file to write (bot/data/word_glosses.txt when none)."""
    target = TARGET
    for item in argv:
        name, _, value = item.partition("=")
        if not value:
            target = Path(item)
        else:
            globals()[name] = type(globals()[name])(value)
    found = table(made.WordNet(made.WORDNET))
    lines = [
        own + " " + " ".join(f"{t}:{round(100 * w)}" for t, w in links.items())
        for own, links in sorted(found.items())
    ]
    target.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{target}: {len(lines)} terms", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
