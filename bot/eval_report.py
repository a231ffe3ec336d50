"""The figures of one question set (`Report`), as a dict (`eval --json`) and as lines."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from bot.answer_match import ShortTally


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
            f" shift turns the same as asked alone (a decline too) {d['shift_as_alone']['same']}"
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
