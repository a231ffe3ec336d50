"""Fit the decline threshold on an operator's own labelled questions.

`python -m bot calibrate FILE` answers the questions of FILE (the eval format: ``q``,
``expect`` or ``expect: null`` for a question the articles do not answer) with each
candidate value of ``retrieval.min_coverage``, keeps the value that gets the most
questions right (a right passage, or a decline where one is due; ties go to the value
nearest the current one), reports the precision and recall of the declines at each
value, and writes the chosen value into the config file. docs/fit.py uses the same
pieces to fit several settings with cross-validation by article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from bot.answering import Answerer
from bot.config import RetrievalSettings
from bot.eval_sets import Case
from bot.evaluate import is_right
from bot.knowledge import KnowledgeBase

THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 11))  # 0.05 .. 0.5
KEY = "min_coverage"


@dataclass(frozen=True)
class Outcome:
    answerable: bool
    declined: bool
    right: bool


@dataclass(frozen=True)
class Row:
    value: float
    right: int
    total: int
    precision: float | None  # of the declines: share that were due
    recall: float | None  # of the due declines: share made
    wrongly_declined: int


def with_value(retrieval: RetrievalSettings, name: str, value: Any) -> RetrievalSettings:
    """`retrieval` with the field `name` set (a dotted name reaches a nested object)."""
    changed: RetrievalSettings = _with(retrieval, name, value)
    return changed


def _with(settings: Any, name: str, value: Any) -> Any:
    head, _, rest = name.partition(".")
    if head not in {f.name for f in fields(settings)}:
        raise KeyError(f"retrieval has no setting {name!r}")
    if rest:
        return replace(settings, **{head: _with(getattr(settings, head), rest, value)})
    return replace(settings, **{head: type(getattr(settings, head))(value)})


def outcomes(cases: Iterable[Case], answerer: Answerer) -> list[Outcome]:
    found: list[Outcome] = []
    for case in cases:
        answer = answerer.answer(case.question)
        found.append(Outcome(bool(case.expects), not answer.answered, is_right(case, answer)))
    return found


def row(value: float, results: Sequence[Outcome]) -> Row:
    declined = [o for o in results if o.declined]
    due = [o for o in results if not o.answerable]
    made = sum(1 for o in declined if not o.answerable)
    return Row(
        value,
        sum(o.right for o in results),
        len(results),
        made / len(declined) if declined else None,
        made / len(due) if due else None,
        sum(1 for o in declined if o.answerable),
    )


def fit(
    cases: Sequence[Case],
    knowledge: KnowledgeBase,
    retrieval: RetrievalSettings,
    values: Sequence[float] = THRESHOLDS,
) -> tuple[float, list[Row]]:
    """The best value of min_coverage for `cases`, and the row of every value tried."""
    rows = []
    for value in values:
        answerer = Answerer(knowledge, with_value(retrieval, KEY, value))
        rows.append(row(value, outcomes(cases, answerer)))
    current = retrieval.min_coverage
    best = max(rows, key=lambda r: (r.right, -abs(r.value - current)))
    return best.value, rows


def write_setting(config: Path, section: str, key: str, value: float) -> None:
    """Set `section.key: value` in the YAML file `config`, keeping its comments: the
    line is replaced where it is, added under the section, or the section is added."""
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    lines = text.splitlines()
    start = next((k for k, line in enumerate(lines) if line.rstrip() == f"{section}:"), None)
    if start is None:
        lines += ["", f"{section}:", f"  {key}: {value}"]
    else:
        end = next(
            (k for k in range(start + 1, len(lines)) if lines[k] and not lines[k][0].isspace()),
            len(lines),
        )
        pattern = re.compile(rf"^(\s+){re.escape(key)}:\s*[^#\s]*(\s*#.*)?$")
        for k in range(start + 1, end):
            if match := pattern.match(lines[k]):
                comment = match.group(2) or ""
                lines[k] = f"{match.group(1)}{key}: {value}{comment}"
                break
        else:
            lines.insert(start + 1, f"  {key}: {value}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def format_rows(rows: Sequence[Row], chosen: float) -> str:
    def pct(share: float | None) -> str:
        return "  n/a" if share is None else f"{share:5.0%}"

    out = ["min_coverage  right      decline precision  recall  answerable declined"]
    for r in rows:
        mark = "  <- chosen" if r.value == chosen else ""
        out.append(
            f"{r.value:12.2f}  {r.right:3d}/{r.total:<3d}  {pct(r.precision):>17}"
            f"  {pct(r.recall):>6}  {r.wrongly_declined:>10}{mark}"
        )
    return "\n".join(out)
