"""Writes bot/data/superlatives.txt: English superlatives ("oldest", "biggest", "earliest",
"best") with the adjective each is made from, from WordNet 3.0.

A superlative before a noun says which one of its kind is meant ("the oldest work", "the
largest port"), and a reader who writes another than the passage's ("the oldest work" of
"the most famous work") asks about something it does not tell (bot/answering/ranks.py).
Reading a word as a superlative needs to know it is one: "largest" is, "forest" and
"harvest" are not. WordNet lists the irregular forms (adj.exc: "best good", "biggest big");
the regular ones are made from its adjectives by the spelling rules (old -> oldest, large ->
largest, early -> earliest, big -> biggest), for adjectives compared by -est
(`_takes_est`; not only those tagged in SemCor: docs/word_relations.py's sense keys of
satellite adjectives find no count, "great" among them); a form that WordNet knows as a
noun or a verb ("forest", "interest", "latest" as the news) is left out.

It writes bot/data/adjective_antonyms.txt too: each adjective with the head of its usual
sense's cluster and that head's antonyms (WordNet's "!" pointers: old / new, large /
small, a satellite by its head: great / small): the rank check declines only for a rank
opposite to the reader's ("the oldest" of "the newest"), since a reader's own word for the
same rank ("the greatest port" of "the largest port", "the highest official" of "the most
senior") is as often another adjective, and WordNet's relations miss many of those.

    apt-get install wordnet-base && PYTHONPATH=. python docs/superlatives.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from word_relations import WORDNET, WordNet  # noqa: E402

TARGET = ROOT / "bot" / "data" / "superlatives.txt"
HEADER = """\
# English superlatives and the adjectives they are made from: "oldest old". Made by
# docs/superlatives.py from WordNet 3.0 (Debian's wordnet-base package: adj.exc's irregular
# forms, and the spelling rules over its adjectives tagged in SemCor); WordNet's licence
# notice is in word_relations.txt (WordNet 3.0 Copyright 2006 by Princeton University).
"""
ANTONYMS_TARGET = ROOT / "bot" / "data" / "adjective_antonyms.txt"
ANTONYMS_HEADER = """\
# Adjectives, the heads of their usual sense's cluster and those heads' antonyms: "great
# large small" (great is of the large cluster, whose opposite is small). Made by
# docs/superlatives.py from WordNet 3.0 (Debian's wordnet-base package); WordNet's licence
# notice is in word_relations.txt (WordNet 3.0 Copyright 2006 by Princeton University).
"""
_VOWELS = re.compile(r"[aeiouy]+")


def regular(base: str) -> str:
    """The regular superlative of `base`: large -> largest, early -> earliest, big ->
    biggest (a consonant after one vowel, doubled, in a word of one syllable), old -> oldest."""
    if base.endswith("e"):
        return base + "st"
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        return base[:-1] + "iest"
    single = len(_VOWELS.findall(base)) == 1
    if single and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", base):
        return base + base[-1] + "est"
    return base + "est"


def _takes_est(base: str) -> bool:
    """An adjective compared by -est: one syllable ("old"), or two ending in -y, -le, -er or
    -ow ("early", "simple", "clever", "narrow"); longer ones take "most" ("most famous")."""
    syllables = len(_VOWELS.findall(base.removesuffix("e")))
    return syllables == 1 or (syllables == 2 and base.endswith(("y", "le", "er", "ow")))


def antonyms(wordnet: WordNet) -> dict[str, tuple[list[str], list[str]]]:
    """An adjective -> the heads of its usual sense's cluster and their antonyms: "old" ->
    (["old"], ["new"]), "great" -> (["large"], ["small"]) (a satellite is read by its head),
    "tiny" -> (["small"], ["large"]). Its usual sense alone: over all senses, "new" (early,
    late) and "late" would be antonyms, and "the latest" no paraphrase of "the newest"."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for lemma, senses in wordnet.senses.items():
        usual = next((s for s in senses if s[0] == "a"), None)
        if usual is None or not lemma.isalpha() or len(_VOWELS.findall(lemma)) > 3:
            continue  # a rank of four syllables or more is rare ("the most significant")
        head = usual
        if wordnet.lexfile[usual] % 10 == 5:  # a satellite: its cluster's head
            head = next((t for p, t, _, _ in wordnet.pointers[usual] if p == "&"), usual)
        opposite = [
            (wordnet.words[head][source - 1][0], wordnet.words[target][goal - 1][0])
            for symbol, target, source, goal in wordnet.pointers[head]
            if symbol == "!" and source and goal
        ]
        if opposite:
            heads = sorted({h for h, _ in opposite})
            found[lemma] = (heads, sorted({a for _, a in opposite}))
    return found


def main() -> None:
    wordnet = WordNet(WORDNET)
    other = {lemma for lemma, senses in wordnet.senses.items() if any(s[0] in "nv" for s in senses)}
    found: dict[str, str] = {}
    for line in (WORDNET / "adj.exc").read_text("latin-1").splitlines():
        form, base = line.split()[:2]
        if form.endswith("st") and form.isalpha() and form != base:  # not "forest forest"
            found[form] = base
    for lemma, senses in wordnet.senses.items():
        if not lemma.isalpha() or len(lemma) < 3 or not _takes_est(lemma):
            continue
        if not any(s[0] == "a" for s in senses):
            continue
        form = regular(lemma)
        if form not in other:
            found.setdefault(form, lemma)
    lines = [f"{form} {base}" for form, base in sorted(found.items())]
    TARGET.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(lines)} superlatives", file=sys.stderr)
    opposite = antonyms(wordnet)
    lines = [f"{w} {','.join(h)} {','.join(a)}" for w, (h, a) in sorted(opposite.items())]
    ANTONYMS_TARGET.write_text(ANTONYMS_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{ANTONYMS_TARGET}: {len(lines)} adjectives", file=sys.stderr)


if __name__ == "__main__":
    main()
