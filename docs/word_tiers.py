"""Writes a weaker tier of WordNet word relations than bot/data/word_relations.txt, of one
kind, for measuring (docs/quality.md round 55: every kind measured and dropped).

    PYTHONPATH=. python docs/word_tiers.py gloss [PATH]     # definitions (docs/word_glosses.py)
    PYTHONPATH=. python docs/word_tiers.py direct [PATH]    # direct links the table drops
    PYTHONPATH=. python docs/word_tiers.py synonyms [PATH]  # ... synonyms only
    PYTHONPATH=. python docs/word_tiers.py two [PATH]       # two links, one a derivation,
                                                            # a cause or an entailment

The file (bot/data/word_glosses.txt when no PATH) holds, per index term, the related terms
with weights in hundredths, read both ways; pairs the relations table holds at the
answering floor (0.4) or above are left out, so the tier only adds. The bot reads no such
file now: commit 17a7d49 (round 55) read it (`rules.gloss_weight` × a pair's weight, for
pairs at least `rules.gloss_floor`, a tier below the relations in
bot/answering/vocabulary.py, for a word the articles hold); check it out to remeasure.

- direct: docs/word_relations.py's own making (every kind it makes, weighted by sense
  frequency) with ``LOWEST`` 0.1 and ``KEEP`` 16 instead of 0.2 and 8: the minority senses'
  links and those the eight strongest push out (stop ~ halt 0.32, find ~ discover 0.19);
- synonyms: the same, synonyms of any sense only, ``LOWEST`` 0.05;
- two: two links of synonym, derivation, cause or entailment, one of them a derivation, a
  cause or an entailment (judge ~ judging ~ justice, beat ~ vanquish ~ win), each at least
  0.15 and the product of the two, from SemCor-tagged words; attributes are left out, as
  two of them join opposites (tall ~ height ~ low).
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

import word_glosses  # noqa: E402
import word_relations as made  # noqa: E402

from bot.relations import both_ways, parse  # noqa: E402
from bot.text import term  # noqa: E402

FLOOR = 0.4  # the answering floor of the relations table (rules.relation_floor)
TWO_KINDS = {"syn": 1.0, "+": 0.9, ">": 0.6, "*": 0.5}  # links read for `two`
TWO_LOWEST = 0.15


def direct(kinds: str) -> dict[str, dict[str, float]]:
    """docs/word_relations.py's table made with LOWEST 0.1 and KEEP 16 (`kinds`: "all" or
    "syn"), written to a scratch folder, not over the shipped files."""
    scratch = Path(tempfile.mkdtemp())
    made.TARGET = scratch / "relations.txt"
    made.KINDS_TARGET = scratch / "kinds.txt"
    made.VERBS_TARGET = scratch / "verbs.txt"
    if kinds != "all":
        for kind in made.KINDS:
            made.KINDS[kind] = made.KINDS[kind] if kind == kinds else 0.0
    made.main(["LOWEST=0.05" if kinds == "syn" else "LOWEST=0.1", "KEEP=16"])
    return parse(made.TARGET.read_text("utf-8"))


def two(wordnet: made.WordNet) -> dict[str, dict[str, float]]:
    """Two links of `TWO_KINDS`, one of them not a synonym, from SemCor-tagged words."""
    found: dict[str, dict[tuple[str, str], float]] = {}

    def links(lemma: str) -> dict[tuple[str, str], float]:
        if lemma in found:
            return found[lemma]
        out: dict[tuple[str, str], float] = {}
        for synset, share in wordnet.sense_shares(lemma):
            words = wordnet.words[synset]
            at = next((k for k, (w, _) in enumerate(words, 1) if w == lemma), 0)
            for word, _ in words:
                if word != lemma:
                    out[word, "syn"] = max(out.get((word, "syn"), 0.0), share)
            for symbol, target, source, goal in wordnet.pointers[synset]:
                if symbol not in TWO_KINDS or (source and source != at):
                    continue
                targets = wordnet.words[target][goal - 1 : goal] if goal else wordnet.words[target]
                for word, _ in targets:
                    weight = share * TWO_KINDS[symbol]
                    out[word, symbol] = max(out.get((word, symbol), 0.0), weight)
        found[lemma] = out
        return out

    table: dict[str, dict[str, float]] = defaultdict(dict)
    for lemma in wordnet.senses:
        if not made.usable(lemma) or not wordnet.uses(lemma):
            continue
        own = term(lemma)
        for (middle, kind), weight in links(lemma).items():
            if weight < TWO_LOWEST:
                continue
            for (word, kind2), weight2 in links(middle).items():
                if kind == kind2 == "syn" or not made.usable(word):
                    continue
                other = term(word)
                between = term(middle) if made.usable(middle) else ""
                both = weight * weight2
                if other not in (own, between) and both >= TWO_LOWEST:
                    table[own][other] = max(table[own].get(other, 0.0), both)
    return table


def main(argv: list[str]) -> None:
    kind = argv[0] if argv else "gloss"
    target = Path(argv[1]) if len(argv) > 1 else word_glosses.TARGET
    held = both_ways(parse(made.TARGET.read_text("utf-8")))
    if kind == "gloss":
        word_glosses.main([str(target)])
        return
    wordnet = made.WordNet(made.WORDNET)
    table = two(wordnet) if kind == "two" else direct("syn" if kind == "synonyms" else "all")
    lines = []
    for own, others in sorted(table.items()):
        if "_" in own:  # a phrasal verb: looked up from a question's verb and particle only
            continue
        kept = sorted(
            ((t, w) for t, w in others.items() if held.get(own, {}).get(t, 0.0) < FLOOR),
            key=lambda item: (-item[1], item[0]),
        )[: 8 if kind == "two" else 16]
        if kept:
            lines.append(own + " " + " ".join(f"{t}:{round(100 * min(w, 1.0))}" for t, w in kept))
    target.write_text(
        f"# A weaker tier of WordNet relations ({kind}), made by docs/word_tiers.py; WordNet's\n"
        "# licence notice is in word_relations.txt (WordNet 3.0 Copyright 2006 by Princeton\n"
        "# University).\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    print(f"{target}: {len(lines)} terms", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
