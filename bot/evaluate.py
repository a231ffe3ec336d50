"""Measure answers on question sets: our YAML format and SQuAD v1.1/v2.0 JSON.

Here each case is asked and scored; bot/eval_sets.py reads the sets, bot/eval_report.py
holds the figures and prints them.

YAML sets are lists of ``{q, expect, kind}`` against the configured knowledge
base: the answer is right when the best passage contains ``expect``
(case-insensitive), and ``expect: null`` must be declined. An item may add
``answer:`` (a phrase or a list), the expected short answer. Short answers are
scored by bot/answer_match.py. A case's optional ``article:`` (a file name, as in
the shared news set) names the article the answer must come from; the report then
counts which article was answered from instead (the confusion of articles). A SQuAD file
brings its own articles: it is answered from a knowledge base built from its
paragraphs, and the right passage is the one cut from the paragraph that
holds the question.

A dialogue set is a list of ``{dialogue, article, turns}`` whose turns are
``{q, expect, kind}``: each dialogue is asked in one conversation
(bot/conversation.py), each turn scored like a question of a YAML set, and
the ``shift`` turns are also compared with the answer the question gets alone (as the
conversation read it: without a reader's mark of a new topic, "Unrelated: ...", which it
drops, bot/followup.new_topic).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bot.answering import Answer, Answerer
from bot.config import ConversationSettings, RetrievalSettings
from bot.conversation import Conversations
from bot.eval_report import Report
from bot.eval_report import format_report as format_report  # re-exported, as before the split
from bot.eval_sets import Case as Case
from bot.eval_sets import EvalSetError as EvalSetError
from bot.eval_sets import load_cases as load_cases
from bot.eval_sets import squad_cases as squad_cases
from bot.knowledge import KnowledgeBase
from bot.text import normalize

TOP_K = 3


def contains(text: str, phrase: str) -> bool:
    return " ".join(normalize(phrase).split()) in " ".join(normalize(text).split())


def evaluate(
    name: str,
    cases: Iterable[Case],
    answerer: Answerer,
    progress: Callable[[int, int], None] | None = None,
    conversation: ConversationSettings | None = None,
) -> Report:
    cases = list(cases)
    report = Report(name)
    conversations = Conversations(conversation or ConversationSettings())
    for done, case in enumerate(cases, start=1):
        if case.dialogue:
            reply = conversations.ask(case.dialogue, case.question, answerer)
            answer = reply.answer
            if case.kind == "shift":
                report.as_alone[1] += 1
                report.as_alone[0] += _same(answer, answerer.answer(answer.question))
        else:
            answer = answerer.answer(case.question)
        _score(report, case, answer)
        if progress:
            progress(done, len(cases))
    return report


def _same(answer: Answer, alone: Answer) -> bool:
    """The same reply: the same passages in the same order, or the same decline."""
    ids = [(h.passage.article.key, h.passage.paragraph) for h in answer.hits]
    return answer.declined == alone.declined and ids == [
        (h.passage.article.key, h.passage.paragraph) for h in alone.hits
    ]


def _score(report: Report, case: Case, answer: Answer) -> None:
    tally = report.by_kind[case.kind]
    tally[1] += 1
    got = answer.best.passage.article.key if answer.best else ""
    if case.article and got and got != case.article:
        report.confusion[(case.article, got)] += 1
    if not case.expects:
        report.unanswerable += 1
        if not answer.answered:
            report.declined_right += 1
            tally[0] += 1
        else:
            report.failures.append(_failure(case, answer, "answered, should decline"))
        return
    report.answerable += 1
    _score_short(report, case, answer)
    if not answer.answered:
        report.wrongly_declined += 1
        report.failures.append(_failure(case, answer, f"declined ({answer.declined})"))
        return
    hits = enumerate(answer.hits, 1)
    rank = next((n for n, hit in hits if passage_is_right(case, hit.passage)), 0)
    if rank:
        report.reciprocal_rank += 1 / rank
        report.top3 += rank <= TOP_K
    if rank == 1:
        report.top1 += 1
        tally[0] += 1
    else:
        report.failures.append(_failure(case, answer, "wrong passage"))
    best = answer.hits[0]
    if rank == 1 and any(contains(best.sentence, e) for e in case.expects):
        report.sentence += 1


def _score_short(report: Report, case: Case, answer: Answer) -> None:
    right = bool(answer.hits) and passage_is_right(case, answer.hits[0].passage)
    short = answer.short if answer.answered else None
    if case.where is not None:  # SQuAD: its gold answers are short answers
        report.short.add_squad(short, case.expects, right)
    elif answer.answered:
        report.short.add_yaml(short, case.answers, case.expects, right, case.question)


def is_right(case: Case, answer: Answer) -> bool:
    """A decline where the case expects none, else the right passage first."""
    if not case.expects:
        return not answer.answered
    return answer.best is not None and passage_is_right(case, answer.best.passage)


def passage_is_right(case: Case, passage: Any) -> bool:
    """Whether a right answer to `case` may come from `passage` (docs/misses.py asks too)."""
    if case.where is not None:
        return (passage.article.key, passage.paragraph) == case.where
    if case.article and passage.article.key != case.article:
        return False
    return any(contains(passage.text, e) for e in case.expects)


def _failure(case: Case, answer: Answer, why: str) -> dict[str, Any]:
    hit = answer.best or answer.closest
    return {
        "q": case.question,
        "kind": case.kind,
        "expect": list(case.expects) or None,
        "why": why,
        "got": hit.passage.text[:160] if hit else None,
        **({"dialogue": case.dialogue.partition(":")[2]} if case.dialogue else {}),
    }


def run_files(
    files: list[Path],
    default_kb: KnowledgeBase,
    settings: RetrievalSettings,
    show_progress: bool,
    conversation: ConversationSettings | None = None,
) -> list[Report]:
    reports: list[Report] = []
    default_answerer: Answerer | None = None
    for path in files:
        cases, own_kb = load_cases(path)
        if own_kb is not None:
            answerer = Answerer(own_kb, settings)
        else:
            default_answerer = default_answerer or Answerer(default_kb, settings)
            answerer = default_answerer
        bar = _progress_bar(path.name) if show_progress and len(cases) >= 50 else None
        reports.append(evaluate(str(path), cases, answerer, bar, conversation))
        if bar:
            sys.stderr.write("\n")
    return reports


def _progress_bar(label: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        filled = done * 30 // total
        sys.stderr.write(f"\r{label}: [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        sys.stderr.flush()

    return show
