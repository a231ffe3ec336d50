"""Every question asking a reason in the choosing pool, with what the bot answers (issue 15).

    PYTHONPATH=. python docs/why_questions.py            # the sets and the probes that choose
    PYTHONPATH=. python docs/why_questions.py --misses   # only the wrong answers

The questions are docs/fit.py's with ``--dialogues --blind`` (its sets, its dialogue sets and
the blind probes that may choose; never the held-out ones): those that ask a reason ("Why
...?", "How come ...?", "What caused ...?", "For what reason ...?": the analysis's withheld
kind REASON, bot/answering/withheld.py), single questions and dialogue turns, each dialogue
asked turn by turn as docs/fit.py asks it. For each: right or wrong, answered or declined,
the passage answered with, and for an answerable one the right passage, whether it states
a reason by bot/cues.py's REASON and where it ranks: by BM25 and after re-ranking for a
question asked alone (a single question, a dialogue's first turn or topic shift), among
the answer's hits for a follow-up. A summary counts them by the first of these that holds
for each wrong answer: a near miss answered; declined; no passage holds the expected
phrase; the right passage states no reason by REASON's cues; another article's passage
first; the right passage below the re-ranked candidates ("-"); the same article's passage
first, the right one ranked second or lower. docs/quality.md (round 48) sorts them by cause.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import fit  # noqa: E402  (docs/fit.py: its sets and their configs)

from bot.answering import Answerer  # noqa: E402
from bot.answering.candidates import scores, top  # noqa: E402
from bot.answering.ranking import rerank  # noqa: E402
from bot.answering.result import Answer  # noqa: E402
from bot.answering.withheld import REASON  # noqa: E402
from bot.conversation import Conversations  # noqa: E402
from bot.cues import states_reason  # noqa: E402
from bot.evaluate import Case, is_right, passage_is_right  # noqa: E402

ALONE = ("standalone", "shift")  # dialogue turns a reader asks without context


def ranks(answerer: Answerer, case: Case, answer: Answer, alone: bool) -> str:
    """Where the first right passage stands: BM25 and re-ranked (asked alone), or among the
    answer's hits (a follow-up, whose question the conversation may have rewritten)."""
    if not alone:
        at = (n for n, h in enumerate(answer.hits, 1) if passage_is_right(case, h.passage))
        return f"among the hits {next(at, '-')}/{len(answer.hits)}"
    passages = answerer.knowledge.passages
    query = answerer.query(case.question)
    bm25 = scores(answerer.index, query)
    order = [int(i) for i in (-bm25).argsort(kind="stable")]
    right = [n for n, i in enumerate(order, 1) if passage_is_right(case, passages[i])]
    candidates = top(bm25, answerer.settings.rules.rerank)
    ranked = rerank(query, bm25, candidates, passages, answerer.facts, answerer.settings)
    again = (n for n, (i, _) in enumerate(ranked, 1) if passage_is_right(case, passages[i]))
    return f"BM25 {right[0] if right else '-'}, re-ranked {next(again, '-')}"


def cause(case: Case, answer: Answer, answerer: Answerer, where: str) -> str:
    """The first bucket a wrong answer falls in (the module's docstring lists them)."""
    if not case.expects:
        return "a near miss answered"
    if answer.declined:
        return f"declined ({answer.declined})"
    right = [p for p in answerer.knowledge.passages if passage_is_right(case, p)]
    if not right:
        return "no passage holds the expected phrase"
    if not states_reason(right[0].text):
        return "the right passage states no reason by REASON's cues"
    best = answer.hits[0].passage
    if best.article.key != right[0].article.key:
        return "another article's passage first"
    if where.endswith(" -") or where.startswith("among the hits -"):
        return "the right passage below the re-ranked candidates"
    return "the same article's passage first, the right one lower"


def main(argv: list[str]) -> None:
    only_misses = "--misses" in argv
    counts: Counter[str] = Counter()
    for item in fit.load_items(dialogues=True, blind=True):
        answerer = Answerer(item.knowledge, item.base)
        chat = Conversations(item.conversation) if item.conversation is not None else None
        for case in item.cases:
            if chat is not None:
                answer = chat.ask(case.dialogue, case.question, answerer).answer
            else:
                answer = answerer.answer(case.question)
            if answerer.query(case.question).analysis.withheld.kind != REASON:
                continue
            right = is_right(case, answer)
            counts["right" if right else "wrong"] += 1
            alone = chat is None or case.kind in ALONE
            where = ranks(answerer, case, answer, alone) if case.expects else ""
            if not right:
                counts[cause(case, answer, answerer, where)] += 1
            if right and only_misses:
                continue
            turn = f" ({case.dialogue.partition(':')[2]})" if case.dialogue else ""
            got = answer.hits[0].passage if answer.hits else None
            said = f"declined ({answer.declined})" if answer.declined else "answered"
            print(
                f"{'right' if right else 'WRONG'} {item.name}{turn} [{case.kind}] {case.question}"
            )
            if got is not None:
                print(f"   {said}: {got.article.key} {got.label}: {got.text[:100]}")
            else:
                print(f"   {said}")
            held = [p for p in answerer.knowledge.passages if passage_is_right(case, p)]
            if held:
                reason = "states a reason" if states_reason(held[0].text) else "no REASON cue"
                print(f"   right passage {held[0].label} ({reason}); {where}")
    print("counts:", dict(counts))


if __name__ == "__main__":
    main(sys.argv[1:])
