"""The pool's answerable misses whose right passage is re-ranked 2nd to 5th, sorted by cause.

    PYTHONPATH=. python docs/rank_causes.py                      # today's settings
    PYTHONPATH=. python docs/rank_causes.py rules.story_share=0.4  # ... a setting changed
    PYTHONPATH=. python docs/rank_causes.py --list               # ... and every question

Every answerable question and dialogue turn of the choosing pool (docs/fit.py's sets, its
dialogues and the blind probes it does not hold out: `fit.load_items(dialogues=True,
blind=True)`), asked as docs/fit.py asks it (a dialogue turn by turn, in one
conversation), that is not answered right (a wrong first passage, or declined) while the
right passage stands 2nd to 5th in the re-ranked list. The ranking is the one answering
computed for that very question (the re-ranking call is observed, not redone: a follow-up's
borrowed words count). Each is put in the first cause that holds:

  a. the winner (first re-ranked) is a caption or the details;
  b. it is another article's passage;
  c. the question asks a type (number, date, person, place ...) that the right passage
     states and the winner does not (`evidence.states`);
  d. the right passage holds the asked noun ("which VESSEL", "how many JOBS": the
     analysis' focus, head, asked or class word) better than the winner;
  e. the winner holds more of the reader's names (the names feature);
  f. the winner is the article's lead and holds every question word the right one holds;
  g. a later paragraph holds every question word the right one holds (a near tie, or the
     right one says the asked thing in words the question does not use);
  h. the right one holds more question words and still loses (BM25: length, repeats);
  i. each holds question words the other lacks.

For each, the features (BM25, the best sentence's share, the names) of both, and the words
each holds better, with --list.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

import fit  # noqa: E402  (docs/fit.py: the pool's sets, asked as it asks them)

import bot.answering.answerer as answerer_module  # noqa: E402
from bot.answering import Answerer  # noqa: E402
from bot.answering.evidence import states  # noqa: E402
from bot.answering.passage_rows import passage_shape  # noqa: E402
from bot.answering.query import Query  # noqa: E402
from bot.answering.ranking import Features, features, rerank  # noqa: E402
from bot.calibrate import with_value  # noqa: E402
from bot.conversation import Conversations  # noqa: E402
from bot.evaluate import Case, is_right, passage_is_right  # noqa: E402
from bot.knowledge import Passage  # noqa: E402

CAUSES = {
    "a": "the winner is a caption or the details",
    "b": "another article's passage",
    "c": "the asked type stated by the right one only",
    "d": "the right one holds the asked noun better",
    "e": "the winner holds more of the reader's names",
    "f": "the lead, holding every word the right one holds",
    "g": "a later paragraph holding every word the right one holds",
    "h": "the right one holds more words and loses",
    "i": "each holds words the other lacks",
}


@dataclass
class Seen:
    """The last re-ranking answering computed: its query and (passage, score) list."""

    query: Query | None = None
    ranked: list[tuple[int, float]] | None = None
    bm25: Any = None


SEEN = Seen()


def _observed(*args: Any, **kwargs: Any) -> list[tuple[int, float]]:
    ranked = rerank(*args, **kwargs)
    SEEN.query, SEEN.bm25, SEEN.ranked = args[0], args[1], ranked
    return ranked


def cause(
    query: Query, passages: list[Passage] | Any, answerer: Answerer, win: int, right: int
) -> tuple[str, str]:
    """The first cause (a letter of CAUSES) that holds, and the line describing the pair."""
    facts = answerer.facts
    held_w, held_r = query.held(facts[win].terms), query.held(facts[right].terms)
    words = [u.word for u in query.units]
    only_w = [w for w, a, b in zip(words, held_w, held_r, strict=True) if a > b]
    only_r = [w for w, a, b in zip(words, held_w, held_r, strict=True) if b > a]
    first, answer = passages[win], passages[right]
    f_w, f_r = _features(query, answerer, win), _features(query, answerer, right)
    analysis = query.analysis
    asked = {*analysis.focus, analysis.head, *analysis.asked, analysis.class_word} - {""}
    if first.kind != "body":
        letter = "a"
    elif first.article.key != answer.article.key:
        letter = "b"
    elif analysis.answer_type and states(query, facts[right]) and not states(query, facts[win]):
        letter = "c"
    elif asked & set(only_r):
        letter = "d"
    elif f_w.names > f_r.names:
        letter = "e"
    elif not only_r:
        letter = "f" if first.paragraph == 1 else "g"
    else:
        letter = "h" if not only_w else "i"
    line = (
        f"winner {first.article.key} {first.kind} {first.paragraph}: bm25 {f_w.bm25:.2f},"
        f" sentence {f_w.sentence:.3f}, names {f_w.names:.2f}; right {answer.kind}"
        f" {answer.paragraph}: bm25 {f_r.bm25:.2f}, sentence {f_r.sentence:.3f}, names"
        f" {f_r.names:.2f}; winner holds more of {only_w}, the right one of {only_r}"
    )
    return letter, line


def _features(query: Query, answerer: Answerer, i: int) -> Features:
    kind = passage_shape(answerer.knowledge.passages, i)[0]
    bm25 = float(SEEN.bm25[i])
    return features(query, answerer.facts[i], kind, bm25, answerer.settings)


def main(argv: list[str]) -> None:
    show = "--list" in argv
    changed = [a.partition("=") for a in argv if "=" in a]
    answerer_module.rerank = _observed  # type: ignore[assignment]  # observe, not redo
    counts: Counter[str] = Counter()
    near: Counter[str] = Counter()  # 2nd or 3rd
    by_rank: Counter[str] = Counter()
    for item in fit.load_items(dialogues=True, blind=True):
        retrieval = item.base
        for name, _, value in changed:
            retrieval = with_value(retrieval, name, float(value))
        answerer = Answerer(item.knowledge, retrieval)
        chat = Conversations(item.conversation) if item.conversation else None
        passages = answerer.knowledge.passages
        for case in item.cases:
            SEEN.ranked = None
            answer = (
                answerer.answer(case.question)
                if chat is None
                else chat.ask(case.dialogue, case.question, answerer).answer
            )
            if not case.expects or is_right(case, answer) or SEEN.ranked is None:
                continue
            at = _right_at(case, passages, SEEN.ranked)
            state = "declined" if answer.declined else "answered"
            by_rank[f"{state}, right passage {_bucket(at)}"] += 1
            if at is None or not 2 <= at <= 5 or SEEN.query is None:
                continue
            win, right = SEEN.ranked[0][0], SEEN.ranked[at - 1][0]
            letter, line = cause(SEEN.query, passages, answerer, win, right)
            counts[letter] += 1
            near[letter] += at <= 3
            if show:
                print(f"[{letter}] {item.name} ({state}, right {at}): {case.question}\n    {line}")
    print("answerable misses by where the right passage stands:", dict(sorted(by_rank.items())))
    print(f"right passage 2nd-5th: {sum(counts.values())} (2nd-3rd: {sum(near.values())})")
    for letter, name in CAUSES.items():
        print(f"  {letter}. {name}: {counts[letter]} (2nd-3rd: {near[letter]})")


def _right_at(case: Case, passages: Any, ranked: list[tuple[int, float]]) -> int | None:
    return next(
        (n for n, (i, _) in enumerate(ranked, 1) if passage_is_right(case, passages[i])), None
    )


def _bucket(at: int | None) -> str:
    if at is None:
        return "not re-ranked"
    return "1st" if at == 1 else "2nd-5th" if at <= 5 else "6th or lower"


if __name__ == "__main__":
    main(sys.argv[1:])
