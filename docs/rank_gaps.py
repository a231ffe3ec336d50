"""Where the bot's first passage and plain stemmed BM25's part (issue 15, round 34).

    PYTHONPATH=. python docs/rank_gaps.py                 # every set, the blind probes too
    PYTHONPATH=. python docs/rank_gaps.py --held-out      # and the held-out probes d and e
    PYTHONPATH=. python docs/rank_gaps.py --fused 0.1,0.25,0.5,1
    PYTHONPATH=. python docs/rank_gaps.py --unseen 0.5,0.75
    PYTHONPATH=. python docs/rank_gaps.py --english 4,5,5.5

Without an option: for every answerable question of docs/fit.py's sets and the blind
probes, the rank of the first right passage (a) by plain BM25+ over the bot's own tokens
(docs/ablation.py's `plain`: stop words, Snowball stems, no alternatives, no re-ranking),
(b) by the bot's BM25 core (each question word with its alternatives: close spellings,
inflections, relations, acronyms; before re-ranking), (c) after re-ranking, and whether the
bot's answer is right (its first passage, not declined). Per set: how many each puts first;
then every question that plain BM25 puts first and re-ranking does not, with the stage that
lost it, and the count of the reverse.

With an option, a variant that is not shipped, measured as docs/fit.py measures a setting
(its items with ``--dialogues --blind``, its folds by article, its `moved`): for each value,
the right answers on all, the value the folds choose (today's: none) and the cross-validated
figure, with the blind probes and without them, and what each value moves.
The variant replaces one function for the run, as docs/ablation.py swaps module constants:

- ``--fused W,..``: re-ranking adds W × the best candidate's BM25 × (plain stemmed BM25+
  of the candidate over the question's own index terms / the best candidate's), before the
  newest-article tie step: plain BM25's ranking as a fitted feature;
- ``--unseen F,..``: the alternatives of a question word that no article holds (close
  spellings, relations, expansions; not another inflection, which counts 1) count F × their
  weight: a smaller weight on evidence for a word the articles never use;
- ``--english Z,..``: an unknown word at Zipf Z or more in bot/data/word_frequency.txt (the
  list holds 4.0 and up) gets no close spellings: read as the reader's own word, not a slip;
- ``--relative-who 1``: a "who" right after a person's noun is a relative pronoun, not the
  question's word ("Will the students who took part be punished?" asks no person).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

import fit  # noqa: E402
import numpy as np  # noqa: E402

import bot.answering.answerer as answerer_module  # noqa: E402
import bot.answering.question as question  # noqa: E402
import bot.answering.ranking as ranking  # noqa: E402
import bot.answering.vocabulary as vocabulary  # noqa: E402
from bot.answering import Answerer  # noqa: E402
from bot.answering.answer_types import person_nouns  # noqa: E402
from bot.answering.candidates import scores, top  # noqa: E402
from bot.answering.query import Query, Unit  # noqa: E402
from bot.cues import PERSON  # noqa: E402
from bot.evaluate import is_right, passage_is_right  # noqa: E402
from bot.frequency import zipf_values  # noqa: E402
from bot.fuzzy import FuzzyVocabulary, Match  # noqa: E402
from bot.index import Bm25Index, Bm25Params  # noqa: E402
from bot.knowledge import Passage  # noqa: E402
from bot.text import analyze, term  # noqa: E402

NOWHERE = 999  # the rank of a right passage no score reaches
KEYS = ("n", "plain", "core", "reranked", "right")  # what `gaps` counts per set


def first_right(order: Sequence[int], right: Sequence[bool]) -> int:
    return next((rank for rank, i in enumerate(order, 1) if right[i]), NOWHERE)


def plain_index(passages: Sequence[Passage]) -> Bm25Index:
    return Bm25Index([analyze(p.index_text) for p in passages], Bm25Params("plus"))


def gaps(held_out: bool = False) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    lost: list[str] = []
    won = 0
    names = []
    for item in fit.load_items(False, True, held_out):
        names.append(item.name)
        passages = item.knowledge.passages
        plain = plain_index(passages)
        answerer = Answerer(item.knowledge, item.base)
        for case in (c for c in item.cases if c.expects):
            right = [passage_is_right(case, p) for p in passages]
            by_plain = plain.scores(analyze(case.question))
            p = first_right(np.argsort(-by_plain, kind="stable").tolist(), right)
            query = answerer.query(case.question)
            c = r = NOWHERE
            if query.units:
                bm25 = scores(answerer.index, query)
                c = first_right(np.argsort(-np.asarray(bm25), kind="stable").tolist(), right)
                candidates = top(bm25, item.base.rules.rerank)
                ranked = ranking.rerank(
                    query, bm25, candidates, passages, answerer.facts, item.base
                )
                r = first_right([i for i, _ in ranked], right)
            answer = answerer.answer(case.question)
            ok = is_right(case, answer)
            firsts = (True, p == 1, c == 1, r == 1, ok)
            for key, first in zip(KEYS, firsts, strict=True):
                counts[item.name, key] += first
            if p == 1 and r != 1:
                stage = "the core" if c != 1 else "re-ranking"
                lost.append(
                    f"  {item.name}: {case.question!r}: core {c}, re-ranked {r}, lost by {stage};"
                    f" answer {'right' if ok else answer.declined or 'wrong passage'}"
                )
            won += p != 1 and r == 1
    print("set: answerable, first right by plain BM25 / the core / re-ranked, bot right")
    for name in [*names, "all"]:
        values = [
            sum(counts[n, k] for n in names) if name == "all" else counts[name, k] for k in KEYS
        ]
        print(f"  {name}: {values[0]}; {values[1]} / {values[2]} / {values[3]}; {values[4]}")
    print(f"plain BM25 first, re-ranking not ({len(lost)}):", *lost, sep="\n")
    print(f"re-ranking first, plain BM25 not: {won}")


# ---- the variants (module doc): each sets STATE["value"] and replaces one function


STATE: dict[str, Any] = {"value": None}


def replace_function(owner: object, name: str, value: object) -> None:
    """`owner.name` = `value` for this run (a module's function, a class's method, a table)."""
    assert hasattr(owner, name), name
    setattr(owner, name, value)


def fused() -> None:
    plain: dict[int, Bm25Index] = {}
    rerank, ties = ranking.rerank, ranking.newest_first_on_ties

    def fused_rerank(
        query: Query,
        bm25: Any,
        candidates: Sequence[int],
        passages: Sequence[Passage],
        *rest: Any,
    ) -> list[tuple[int, float]]:
        STATE["top"] = float(bm25[candidates[0]]) if candidates else 0.0
        if id(passages) not in plain:
            plain[id(passages)] = plain_index(passages)
        STATE["plain"] = plain[id(passages)].scores([term(u.word) for u in query.units])
        return rerank(query, bm25, candidates, passages, *rest)

    def fused_ties(query: Query, ranked: list[tuple[int, float]], *rest: Any) -> Any:
        w = STATE["value"]
        if w and ranked:
            by_plain = STATE["plain"]
            best = max(float(by_plain[i]) for i, _ in ranked) or 1.0
            add = w * STATE["top"] / best
            ranked = sorted(
                ((i, s + add * float(by_plain[i])) for i, s in ranked), key=lambda x: -x[1]
            )
        return ties(query, ranked, *rest)

    replace_function(answerer_module, "rerank", fused_rerank)
    replace_function(ranking, "newest_first_on_ties", fused_ties)


def unseen() -> None:
    new_unit = vocabulary.Vocabulary._new_unit

    def scaled(
        self: vocabulary.Vocabulary, word: str, *, acronym: str | None, name: bool
    ) -> tuple[Unit, bool]:
        unit, spelled = new_unit(self, word, acronym=acronym, name=name)
        f = STATE["value"]
        if f != 1 and unit.terms and self.index.term_id(term(word)) is None:
            terms = {t: w if w >= 1 else w * f for t, w in unit.terms.items()}
            unit = replace(unit, terms=terms)
        return unit, spelled

    replace_function(vocabulary.Vocabulary, "_new_unit", scaled)


def english() -> None:
    lookup = FuzzyVocabulary.lookup

    def unless_english(
        self: FuzzyVocabulary, word: str, *, name: bool = False
    ) -> tuple[Match, ...]:
        z = STATE["value"]
        if z and zipf_values().get(word, 0.0) >= z:
            return ()
        return lookup(self, word, name=name)

    replace_function(FuzzyVocabulary, "lookup", unless_english)


class RelativeWho:
    """The "who" question pattern, but a who, whom or whose right after a person's noun
    (bot/data/person_nouns.txt: "the students who took part") is a relative pronoun."""

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern

    def search(self, text: str) -> re.Match[str] | None:
        for found in self.pattern.finditer(text):
            before = text[: found.start()].split()
            relative = bool(before) and found[0].startswith("who") and before[-1] in person_nouns()
            if not (STATE["value"] and relative):
                return found
        return None


def relative_who() -> None:
    patterns = question._TYPE_PATTERNS
    replace_function(
        question,
        "_TYPE_PATTERNS",
        tuple((k, n, RelativeWho(p) if k == PERSON else p) for k, n, p in patterns),
    )


VARIANTS: Mapping[str, tuple[Callable[[], None], float]] = {
    "--fused": (fused, 0.0),
    "--unseen": (unseen, 1.0),
    "--english": (english, 0.0),
    "--relative-who": (relative_who, 0.0),
}


def variant(option: str, values: list[float]) -> None:
    install, today = VARIANTS[option]
    install()
    items = fit.load_items(True, True)
    values = [today, *values]
    found = {}
    for value in values:
        STATE["value"] = value
        found[value] = [fit.answered(item, item.base) for item in items]
        print(f"{option} {value:g}: {sum(fit.by_fold(items, found[value]))} right", flush=True)
    every = range(len(items))
    for label, at in (("with the blind probes", every), ("without", _sets(items))):
        kept = [items[k] for k in at]
        right = {v: fit.by_fold(kept, [found[v][k] for k in at]) for v in values}
        picks = [
            max(values, key=lambda v: (sum(right[v]) - right[v][f], v == today))
            for f in range(fit.FOLDS)
        ]
        cross = sum(right[picks[f]][f] for f in range(fit.FOLDS))
        total = sum(len(item.cases) for item in kept)
        on_all = ", ".join(f"{v:g}: {sum(right[v])}" for v in values)
        print(
            f"{label}: right on all {on_all}; folds chose {[f'{v:g}' for v in picks]}:"
            f" cross-validated {cross}/{total}"
        )
    for value in values[1:]:
        print(f"moved by {option} {value:g}:")
        for line in fit.moved(items, found[today], found[value]):
            print("  " + line)


def _sets(items: list[fit.Item]) -> list[int]:
    """The positions of docs/fit.py's items without --blind: the sets before the probes."""
    return [k for k, item in enumerate(items) if not item.name.startswith("blind_")]


def main(argv: list[str]) -> None:
    if not argv or argv == ["--held-out"]:
        gaps(held_out=bool(argv))
        return
    option, values = argv[0], argv[1] if len(argv) > 1 else ""
    if option not in VARIANTS or not values:
        sys.exit(f"usage: rank_gaps.py [{' | '.join(f'{o} V,V' for o in VARIANTS)}]")
    variant(option, [float(v) for v in values.split(",")])


if __name__ == "__main__":
    main(sys.argv[1:])
