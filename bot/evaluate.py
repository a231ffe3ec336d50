"""Measure answers on question sets: our YAML format and SQuAD v1.1/v2.0 JSON.

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
the ``shift`` turns are also compared with the answer the question gets alone.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.answer_match import ShortTally
from bot.answering import Answer, Answerer
from bot.config import ConversationSettings, RetrievalSettings
from bot.conversation import Conversations
from bot.errors import NewsbotError
from bot.knowledge import Article, KnowledgeBase
from bot.text import normalize

TOP_K = 3


class EvalSetError(NewsbotError, ValueError):
    """A question set file that cannot be read; the message says why."""

    exit_code = 2


@dataclass(frozen=True)
class Case:
    question: str
    expects: tuple[str, ...]  # any one of these phrases marks a right answer; () = must decline
    kind: str
    where: tuple[str, int] | None = None  # SQuAD: (article key, paragraph) that holds the answer
    dialogue: str = ""  # a dialogue set: the dialogue the turn belongs to, in order
    answers: tuple[str, ...] = ()  # YAML `answer:`: the expected short answer(s)
    article: str = ""  # the article (file name) the answer must come from; "" = any


@dataclass
class Report:
    name: str
    answerable: int = 0
    top1: int = 0
    top3: int = 0
    sentence: int = 0
    reciprocal_rank: float = 0.0
    wrongly_declined: int = 0
    unanswerable: int = 0
    declined_right: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    failures: list[dict[str, Any]] = field(default_factory=list)
    as_alone: list[int] = field(default_factory=lambda: [0, 0])  # shift turns: same answer alone
    short: ShortTally = field(default_factory=ShortTally)  # short answers (bot/answering/short.py)
    # (article asked about, article answered from) -> questions, when they differ
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        def share(part: int, whole: int) -> float | None:
            return round(part / whole, 4) if whole else None

        return {
            "set": self.name,
            "answerable": self.answerable,
            "accuracy": share(self.top1, self.answerable),
            "top3": share(self.top3, self.answerable),
            "sentence_accuracy": share(self.sentence, self.answerable),
            "mrr": round(self.reciprocal_rank / self.answerable, 4) if self.answerable else None,
            "wrongly_declined": self.wrongly_declined,
            "unanswerable": self.unanswerable,
            "declined_right": share(self.declined_right, self.unanswerable),
            "by_kind": {k: {"right": r, "total": t} for k, (r, t) in sorted(self.by_kind.items())},
            "failures": self.failures,
            **(self._dialogue_dict() if self.as_alone[1] or _dialogue_kinds(self.by_kind) else {}),
            **self.short.as_dict(),
            "confusion": [
                {"asked": asked, "answered": got, "questions": n}
                for (asked, got), n in self.confusion.most_common()
            ],
        }

    def _dialogue_dict(self) -> dict[str, Any]:
        right = sum(self.by_kind[k][0] for k in FOLLOW_UP_KINDS if k in self.by_kind)
        total = sum(self.by_kind[k][1] for k in FOLLOW_UP_KINDS if k in self.by_kind)
        turns = sum(t for _, t in self.by_kind.values())
        correct = sum(r for r, _ in self.by_kind.values())
        return {
            "turns": turns,
            "turn_accuracy": round(correct / turns, 4) if turns else None,
            "follow_up_accuracy": round(right / total, 4) if total else None,
            "shift_as_alone": {"same": self.as_alone[0], "total": self.as_alone[1]},
        }


FOLLOW_UP_KINDS = ("pronoun", "ellipsis", "why", "when")  # the turns that need the context


def _dialogue_kinds(by_kind: dict[str, list[int]]) -> bool:
    return any(k in by_kind for k in FOLLOW_UP_KINDS) and "standalone" in by_kind


def load_cases(path: Path) -> tuple[list[Case], KnowledgeBase | None]:
    """Read a YAML set, or a SQuAD JSON file together with the articles it brings."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"{path}: cannot read: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            return squad_cases(json.loads(text))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalSetError(f"{path}: not a SQuAD file: {exc}") from exc
    try:
        items = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise EvalSetError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(items, list):
        raise EvalSetError(f"{path}: expected a list of {{q, expect, kind}} items")
    if items and all(isinstance(item, dict) and "turns" in item for item in items):
        return _dialogue_cases(path, items), None
    return [_yaml_case(path, n, item) for n, item in enumerate(items, start=1)], None


def _yaml_case(path: Path, number: int, item: Any) -> Case:
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        raise EvalSetError(f"{path}: item {number}: needs a 'q' with the question text")
    expect = item.get("expect")
    expects = (
        tuple(str(e) for e in expect)
        if isinstance(expect, list)
        else (() if expect is None else (str(expect),))
    )
    answer = item.get("answer")
    phrases = answer if isinstance(answer, list) else [answer]
    if answer is not None and not all(isinstance(a, str) for a in phrases):
        raise EvalSetError(f"{path}: item {number}: 'answer' must be a phrase or a list of phrases")
    answers = (answer,) if isinstance(answer, str) else tuple(answer or ())
    article = item.get("article")
    if article is not None and not isinstance(article, str):
        raise EvalSetError(f"{path}: item {number}: 'article' must be a file name")
    kind = str(item.get("kind", "")) or "unsorted"
    return Case(item["q"], expects, kind, answers=answers, article=article or "")


def _dialogue_cases(path: Path, items: list[dict[str, Any]]) -> list[Case]:
    cases: list[Case] = []
    for number, item in enumerate(items, start=1):
        name = str(item.get("dialogue") or f"dialogue {number}")
        turns = item["turns"]
        if not isinstance(turns, list) or not turns:
            raise EvalSetError(f"{path}: dialogue {name!r}: 'turns' must be a list of {{q, ...}}")
        for k, turn in enumerate(turns, start=1):
            case = _yaml_case(path, k, turn)
            cases.append(Case(case.question, case.expects, case.kind, dialogue=f"{number}:{name}"))
    return cases


def squad_cases(data: Any) -> tuple[list[Case], KnowledgeBase]:
    """Cases and a knowledge base from SQuAD JSON (a whole file or one article)."""
    articles_data = data["data"] if isinstance(data, dict) and "data" in data else [data]
    version = str(data.get("version", "")) if isinstance(data, dict) else ""
    v2 = version.startswith("v2") or any(
        "is_impossible" in qa
        for article in articles_data
        for paragraph in article["paragraphs"]
        for qa in paragraph["qas"]
    )
    cases: list[Case] = []
    articles: list[Article] = []
    for number, article_data in enumerate(articles_data, start=1):
        title = str(article_data["title"]).replace("_", " ")
        key = f"squad-{number}-{article_data['title']}"
        paragraphs = tuple(" ".join(p["context"].split()) for p in article_data["paragraphs"])
        articles.append(
            Article(
                key=key,
                title=title,
                source="Wikipedia",
                url=f"https://en.wikipedia.org/wiki/{article_data['title']}",
                published=None,
                paragraphs=paragraphs,
            )
        )
        for p_number, paragraph in enumerate(article_data["paragraphs"], start=1):
            for qa in paragraph["qas"]:
                impossible = bool(qa.get("is_impossible", False)) if v2 else False
                answers = (
                    () if impossible else tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                )
                kind = "squad-unanswerable" if impossible else "squad"
                cases.append(Case(qa["question"], answers, kind, where=(key, p_number)))
    return cases, KnowledgeBase.from_articles(articles)


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
                report.as_alone[0] += _same(answer, answerer.answer(case.question))
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


def format_report(report: Report) -> str:
    d = report.as_dict()

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1%}"

    lines = [f"== {d['set']}"]
    if report.answerable:
        lines.append(
            f"answerable {report.answerable}: passage accuracy {pct(d['accuracy'])}"
            f" ({report.top1}/{report.answerable}), top-3 {pct(d['top3'])}, MRR {d['mrr']:.3f},"
            f" sentence accuracy {pct(d['sentence_accuracy'])},"
            f" wrongly declined {report.wrongly_declined}"
        )
    if report.unanswerable:
        lines.append(
            f"unanswerable {report.unanswerable}: declined {pct(d['declined_right'])}"
            f" ({report.declined_right}/{report.unanswerable})"
        )
    kinds = Counter({k: v["total"] for k, v in d["by_kind"].items()})
    lines.append(
        "by kind: "
        + ", ".join(f"{k} {d['by_kind'][k]['right']}/{t}" for k, t in sorted(kinds.items()))
    )
    if "turns" in d:
        follow = d["follow_up_accuracy"]
        lines.append(
            f"dialogue turns {d['turns']}: right {pct(d['turn_accuracy'])};"
            f" follow-ups ({', '.join(FOLLOW_UP_KINDS)}) {pct(follow)};"
            f" shift turns answered as if alone {d['shift_as_alone']['same']}"
            f"/{d['shift_as_alone']['total']}"
        )
    lines.extend(report.short.lines())
    if report.confusion:
        lines.append(
            "answered from another article: "
            + ", ".join(f"{a} -> {g} ×{n}" for (a, g), n in report.confusion.most_common())
        )
    for failure in report.failures:
        where = f"{failure['dialogue']} " if "dialogue" in failure else ""
        lines.append(f"  ✗ {where}[{failure['kind']}] {failure['q']} — {failure['why']}")
        if failure["got"]:
            lines.append(f"      got: {failure['got']}")
    return "\n".join(lines)
