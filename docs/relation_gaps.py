"""How WordNet relates a reader's word to an article's, and why the shipped table or the
answering floor leaves the relation out (docs/quality.md round 31).

    PYTHONPATH=. python docs/relation_gaps.py                 # the pairs of round 31
    PYTHONPATH=. python docs/relation_gaps.py judge/justice   # any pair, reader/article

For each pair of index terms, both ways: the words of each term with their SemCor uses,
the relation's weight as docs/word_relations.py computes it before its cut (and its rank
among the term's relations: ``KEEP`` are kept, at least ``LOWEST``), the weight the
shipped table gives it (read both ways, bot/relations.py) against the answering floor
(``rules.relation_floor``, fitted by docs/fit.py), the direct WordNet links (kind and the
sense's rank) and the strongest paths of two links (through any WordNet lemma).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

import word_relations as made  # noqa: E402

from bot.relations import related  # noqa: E402
from bot.rules import RuleSettings  # noqa: E402
from bot.text import term  # noqa: E402

# (reader's word, article's word): the blind probe a's misses (round 29), the news set's
# and SQuAD's paraphrase misses read in round 31
PAIRS = (
    "judge/justice prison/jail excuse/mitigation barrister/kc fan/crowd punishment/sentence "
    "study/trial stop/halt participate/enrol people/patient guilty/convicted dismiss/sack "
    "lawyer/barrister honour/award honour/medal refuse/reject delay/postpone charge/accuse "
    "earn/income fix/solution demand/call religion/catholicism rule/duke country/region"
).split()

Link = tuple[str, str, float, int]  # (kind, lemma, weight, rank of the sense)


def links(wordnet: made.WordNet, lemma: str) -> list[Link]:
    """Every direct relation of `lemma`, also those docs/word_relations.py leaves out
    (a hypernym too general, sisters), with the weight it would have."""
    found: list[Link] = []
    hyponyms = wordnet.hyponyms()
    for rank, (synset, share) in enumerate(wordnet.sense_shares(lemma), start=1):
        words = wordnet.words[synset]
        position = next((k for k, (w, _) in enumerate(words, 1) if w == lemma), 0)
        found += [("synonym", w, share, rank) for w, _ in words if w != lemma]
        for symbol, target, source, goal in wordnet.pointers[synset]:
            if source and source != position:
                continue
            kind = symbol + (" (too general)" if len(hyponyms.get(target, ())) > 40 else "")
            weight = share * made.KINDS.get(symbol, 0.0)
            targets = wordnet.words[target][goal - 1 : goal] if goal else wordnet.words[target]
            found += [(kind, w, weight, rank) for w, _ in targets]
            if symbol == "@":
                sisters = [s for s in hyponyms.get(target, []) if s != synset]
                for sister in sisters:
                    found += [
                        ("sister", w, share * made.KINDS["sister"], rank)
                        for w, _ in wordnet.words[sister]
                    ]
        for below in hyponyms.get(synset, []):
            found += [("~", w, share * made.KINDS["~"], rank) for w, _ in wordnet.words[below]]
    return found


def main(pairs: list[str]) -> None:
    wordnet = made.WordNet(made.WORDNET)
    words: dict[str, list[str]] = defaultdict(list)
    for lemma in sorted(wordnet.senses):
        if made.usable(lemma):
            words[term(lemma)].append(lemma)
    floor = RuleSettings().relation_floor

    def before_cut(own: str) -> list[tuple[str, float]]:
        group = words.get(own, [])
        uses = {lemma: wordnet.uses(lemma) + 1 for lemma in group}
        total = sum(uses.values())
        weights: dict[str, float] = defaultdict(float)
        for lemma in group:
            for word, weight in wordnet.related(lemma).items():
                other = term(word) if made.usable(word) else ""
                if other and other != own:
                    weights[other] += weight * uses[lemma] / total
        return sorted(weights.items(), key=lambda item: (-item[1], item[0]))

    for pair in pairs:
        reader, article = (term(w) for w in pair.split("/"))
        shipped = related(reader).get(article, 0.0)
        print(f"== {pair}: table {shipped:.2f} (answering floor {floor})")
        for own, other in ((reader, article), (article, reader)):
            best = before_cut(own)
            rank = next((k for k, (t, _) in enumerate(best, 1) if t == other), 0)
            weight = dict(best).get(other, 0.0)
            uses = {lemma: wordnet.uses(lemma) for lemma in words.get(own, [])}
            print(f"  {own} -> {other}: {weight:.3f}, rank {rank or '-'} of {len(best)}; {uses}")
        direct = {
            (lemma, kind, word, rank): weight
            for lemma in words.get(reader, [])
            for kind, word, weight, rank in links(wordnet, lemma)
            if made.usable(word) and term(word) == article
        }
        for (lemma, kind, word, rank), weight in sorted(direct.items(), key=lambda i: -i[1])[:4]:
            print(f"  direct: {lemma} -{kind}-> {word} (sense {rank}) {weight:.3f}")
        paths: dict[str, float] = {}
        for lemma in words.get(reader, []):
            for kind, middle, weight, _ in links(wordnet, lemma):
                for kind2, word, weight2, _ in (
                    links(wordnet, middle) if made.usable(middle) else ()
                ):
                    if made.usable(word) and term(word) == article:
                        path = f"{lemma} -{kind}-> {middle} -{kind2}-> {word}"
                        paths[path] = max(paths.get(path, 0.0), weight * weight2)
        for path, weight in sorted(paths.items(), key=lambda item: -item[1])[:3]:
            print(f"  two links: {path} {weight:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:] or PAIRS)
