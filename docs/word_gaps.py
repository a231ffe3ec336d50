"""Which kind of WordNet link would join a reader's word to the right passage's wording, and
how many false links the same kind would add (issue 15, docs/quality.md round 55).

    PYTHONPATH=. python docs/word_gaps.py              # the choosing pool, weight >= 0.1
    PYTHONPATH=. python docs/word_gaps.py 0.2 --examples

Over docs/fit.py's sets with the pool's blind probes (``--blind``: never the held-out ones)
and the dialogue turns a reader asks alone, three groups of questions:

- the answerable misses (wrong passage or wrongly declined): each question word that the
  right passage holds in no form (no stem, spelling, synonym or relation: `Unit.held` 0),
  looked up against the right passage's index terms;
- the answerable questions answered right: the same, against their right passage (a link
  there is true but not needed);
- the near misses declined today: the question words the best passage by BM25 lacks,
  against that passage (every link there is a false one: it can only help answer them).

For each such word, the strongest link of each kind to a term of the passage (weights as
docs/word_relations.py makes them: the sense's share of the word's uses times the kind's
weight, times each other for two links), counted when at least the threshold:

- weak direct: one WordNet link of a kind the table makes (synonym, derivation, hypernym,
  similar, cause...) that the shipped table drops (below ``LOWEST``, outside ``KEEP``, or
  under the answering floor ``rules.relation_floor``);
- gloss: one word's WordNet definition uses the other (docs/word_glosses.py's table, read
  both ways, without the pairs the relations table holds);
- two links: a derivation and a synonym or derivation; a cause or an entailment and a
  synonym or derivation; an attribute and a synonym, derivation or attribute; similar or
  also-see adjectives twice; sisters (a shared hypernym); a shared hyponym; two hypernym or
  hyponym steps; a synonym and a hypernym or hyponym; any other two.

A link is counted for a word once per kind, so a word can count under several kinds.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

import fit  # noqa: E402  (docs/fit.py: its sets and their configs)
import word_glosses  # noqa: E402
import word_relations as made  # noqa: E402

from bot.answering import Answerer  # noqa: E402
from bot.answering.candidates import scores  # noqa: E402
from bot.evaluate import is_right, passage_is_right  # noqa: E402
from bot.relations import both_ways, related  # noqa: E402
from bot.rules import RuleSettings  # noqa: E402
from bot.text import term  # noqa: E402

ALONE = ("standalone", "shift")  # dialogue turns a reader asks without context
DIRECT = {"syn", "+", "\\", "=", ">", "*", "@", "~", "&", "$", "^", "#p"}
GROUPS = ("answerable misses", "answered right", "near misses declined")


def kind_of(path: tuple[str, ...]) -> str:
    """The kind of a path of one or two WordNet links."""
    if len(path) == 1:
        return "weak direct"
    kinds = set(path)
    if "+" in kinds and kinds <= {"+", "syn"}:
        return "two links: derivation"
    if kinds & {">", "*"} and kinds <= {">", "*", "syn", "+"}:
        return "two links: cause / entailment"
    if "=" in kinds and kinds <= {"=", "+", "syn"}:
        return "two links: attribute"
    if kinds & {"&", "^"} and kinds <= {"&", "^", "syn"}:
        return "two links: similar / also see"
    return {
        ("@", "~"): "two links: sisters",
        ("~", "@"): "two links: a shared hyponym",
        ("@", "@"): "two links: hypernym twice",
        ("~", "~"): "two links: hyponym twice",
    }.get(path, "two links: synonym and hypernym" if kinds <= {"@", "~", "syn"} else "other")


class Links:
    def __init__(self) -> None:
        self.wordnet = made.WordNet(made.WORDNET)
        self.lemmas: dict[str, list[str]] = defaultdict(list)
        for lemma in sorted(self.wordnet.senses):
            if made.usable(lemma):
                self.lemmas[term(lemma)].append(lemma)
        self.glosses = both_ways(word_glosses.table(self.wordnet))
        self.floor = RuleSettings().relation_floor
        self._direct: dict[str, list[tuple[str, str, float]]] = {}

    def direct(self, lemma: str) -> list[tuple[str, str, float]]:
        """(kind, lemma, weight) of each direct link of `lemma` over its senses."""
        found = self._direct.get(lemma)
        if found is not None:
            return found
        wordnet, found = self.wordnet, []
        hyponyms = wordnet.hyponyms()
        for synset, share in wordnet.sense_shares(lemma):
            words = wordnet.words[synset]
            position = next((k for k, (w, _) in enumerate(words, 1) if w == lemma), 0)
            found += [("syn", w, share) for w, _ in words if w != lemma]
            for symbol, target, source, goal in wordnet.pointers[synset]:
                if symbol not in DIRECT or (source and source != position):
                    continue
                weight = share * made.KINDS.get(symbol, 0.5)
                targets = wordnet.words[target][goal - 1 : goal] if goal else wordnet.words[target]
                found += [(symbol, w, weight) for w, _ in targets]
            found += [
                ("~", w, share * made.KINDS["~"])
                for below in hyponyms.get(synset, [])
                for w, _ in wordnet.words[below]
            ]
        self._direct[lemma] = found
        return found

    def best(self, own: str, passage: frozenset[str]) -> dict[str, tuple[float, str]]:
        """Kind -> the strongest link (weight, how) from index term `own` to `passage`."""
        found: dict[str, tuple[float, str]] = {}

        def put(kind: str, weight: float, how: str) -> None:
            if weight > found.get(kind, (0.0, ""))[0]:
                found[kind] = (weight, how)

        table = related(own)
        for lemma in self.lemmas.get(own, []):
            first = self.direct(lemma)
            for kind, word, weight in first:
                other = term(word) if made.usable(word) else ""
                if other in passage and other != own and table.get(other, 0.0) < self.floor:
                    put("weak direct", weight, f"{lemma} {kind} {word}")
            for kind, middle, weight in first:
                if not made.usable(middle) or weight < 0.05:
                    continue
                for kind2, word, weight2 in self.direct(middle):
                    other = term(word) if made.usable(word) else ""
                    if other in passage and other not in (own, term(middle)) and other not in table:
                        put(
                            kind_of((kind, kind2)),
                            weight * weight2,
                            f"{lemma} {kind} {middle} {kind2} {word}",
                        )
        for other, weight in self.glosses.get(own, {}).items():
            if other in passage:
                put("gloss", weight, f"{own} / {other}: a definition of one uses the other")
        return found


def lacking(threshold: float) -> dict[str, list[tuple[str, str, str, float, str]]]:
    """Group -> (question, word, kind, weight, how) of each link at least `threshold`."""
    links = Links()
    found: dict[str, list[tuple[str, str, str, float, str]]] = defaultdict(list)
    for item in fit.load_items(dialogues=True, blind=True):
        answerer = Answerer(item.knowledge, item.base)
        passages = answerer.knowledge.passages
        for case in item.cases:
            if case.dialogue and case.kind not in ALONE:
                continue
            answer = answerer.answer(case.question)
            right = is_right(case, answer)
            query = answerer.query(case.question)
            order = [int(i) for i in (-scores(answerer.index, query)).argsort(kind="stable")]
            if case.expects:
                holding = [i for i, p in enumerate(passages) if passage_is_right(case, p)]
                if not holding:
                    continue
                at, group = min(holding, key=order.index), GROUPS[1] if right else GROUPS[0]
            elif right:
                at, group = order[0], GROUPS[2]
            else:
                continue
            terms = answerer.facts[at].terms
            for unit in query.units:
                if unit.held(terms):
                    continue
                for kind, (weight, how) in links.best(term(unit.word), terms).items():
                    if weight >= threshold:
                        found[group].append((case.question, unit.word, kind, weight, how))
    return found


def main(argv: list[str]) -> None:
    examples = "--examples" in argv
    numbers = [a for a in argv if re.fullmatch(r"[\d.]+", a)]
    threshold = float(numbers[0]) if numbers else 0.1
    found = lacking(threshold)
    kinds = sorted({k for rows in found.values() for _, _, k, _, _ in rows})
    print(f"links of weight >= {threshold}: questions (words) reached, by kind")
    print("| kind | " + " | ".join(GROUPS) + " |")
    print("|---|" + "---|" * len(GROUPS))
    for kind in sorted(kinds, key=lambda k: -sum(r[2] == k for r in found[GROUPS[0]])):
        cells = []
        for group in GROUPS:
            rows = [r for r in found[group] if r[2] == kind]
            cells.append(f"{len({r[0] for r in rows})} ({len(rows)})")
        print(f"| {kind} | " + " | ".join(cells) + " |")
    for kind in kinds if examples else ():
        print(f"== {kind}, answerable misses:")
        for question, word, k, weight, how in found[GROUPS[0]]:
            if k == kind:
                print(f"   {word} -> {how} {weight:.2f}   [{question}]")


if __name__ == "__main__":
    main(sys.argv[1:])
