"""The question log and what it says: totals and rates, latency, content gaps, worst answers.

Every question asked on Telegram is written to the state database (bot/state.py)
with its outcome, so `/stats` and `python -m bot stats` survive restarts and
reloads. Content gaps are the declined questions grouped by their words (the
analysed terms, stopwords dropped), so "How tall is the tower?" and "how tall's
the tower" count as one gap.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.answering import Answer
from bot.state import DAY, Asked, Rated, State
from bot.text import analyze, words

PERCENTILES = (0.5, 0.9, 0.99)
TOP = 10  # content gaps and worst answers listed
CHART_DAYS = 30  # days of questions per day shown


class QuestionLog:
    """Each question and its outcome as a line of the state database's log (`State.log`,
    which the bot hands to the database's thread: bot/telegram/answers.py `logged`)."""

    def __init__(self, state: State, clock: Callable[[], float] = time.time):
        self.state = state
        self.clock = clock

    def asked(
        self,
        answer: Answer,
        *,
        chat_type: str,
        user_id: int,
        seconds: float,
        update_id: int | None = None,
    ) -> Asked:
        """The log's line for one question, asked now. With the `update_id` it came in, an
        update answered again after a crash is logged once."""
        best = answer.best
        passage = best.passage if best is not None and answer.answered else None
        return Asked(
            at=self.clock(),
            chat_type=chat_type,
            user_id=user_id,
            question=answer.question,
            answered=answer.answered,
            latency_ms=seconds * 1000.0,
            article=passage.article.key if passage else "",
            title=passage.article.title if passage else "",
            paragraph=passage.paragraph if passage else None,
            reason=answer.declined,
            update_id=update_id,
        )


@dataclass(frozen=True)
class Period:
    label: str  # "last day", "last week", "since the start"
    answered: int
    declined: int

    @property
    def total(self) -> int:
        return self.answered + self.declined

    @property
    def answered_share(self) -> float:
        return self.answered / self.total if self.total else 0.0


@dataclass(frozen=True)
class Gap:
    """Declined questions with the same words: the most recent wording, and how many."""

    question: str
    times: int


@dataclass(frozen=True)
class Report:
    now: float
    since: float | None  # the first question logged
    periods: tuple[Period, ...]
    latency_ms: tuple[tuple[float, float], ...]  # (share, milliseconds), last week
    gaps: tuple[Gap, ...]
    worst: tuple[Rated, ...]
    per_day: tuple[tuple[str, int, int], ...]  # (date, answered, declined)
    votes: tuple[int, int]  # (up, down)


def report(state: State, now: float, top: int = TOP) -> Report:
    periods = tuple(
        Period(label, *state.counts(since))
        for label, since in (
            ("last day", now - DAY),
            ("last week", now - 7 * DAY),
            ("since the start", 0.0),
        )
    )
    week = now - 7 * DAY
    latency = tuple(zip(PERCENTILES, state.latency_percentiles(week, PERCENTILES), strict=False))
    return Report(
        now=now,
        since=state.first_question(),
        periods=periods,
        latency_ms=latency,
        gaps=tuple(group_gaps(state.declined_questions(0.0), top)),
        worst=tuple(state.worst_rated(top)),
        per_day=every_day(state.per_day(now - CHART_DAYS * DAY), now),
        votes=state.vote_totals(),
    )


def every_day(days: Sequence[tuple[str, int, int]], now: float) -> tuple[tuple[str, int, int], ...]:
    """The days with questions and the quiet ones between them and today (as zeros)."""
    if not days:
        return ()
    counts = {day: (answered, declined) for day, answered, declined in days}
    day = dt.date.fromisoformat(days[0][0])
    today = dt.datetime.fromtimestamp(now, dt.UTC).date()
    filled = []
    while day <= today:
        filled.append((day.isoformat(), *counts.get(day.isoformat(), (0, 0))))
        day += dt.timedelta(days=1)
    return tuple(filled)


def gap_key(question: str) -> str:
    """What a question asks about: its analysed words, in order, without repeats."""
    terms = dict.fromkeys(analyze(question))
    return " ".join(sorted(terms)) or " ".join(words(question))


def group_gaps(questions: Sequence[str], top: int = TOP) -> list[Gap]:
    """Group declined questions (most recent first) by their words, most frequent first."""
    counts: Counter[str] = Counter()
    wording: dict[str, str] = {}
    for question in questions:
        key = gap_key(question)
        if not key:
            continue
        counts[key] += 1
        wording.setdefault(key, " ".join(question.split())[:300])
    return [Gap(wording[key], times) for key, times in counts.most_common(top)]


def percent(share: float) -> str:
    return f"{100 * share:.0f}%"


class Style(Protocol):
    """How one medium writes each row of the report (the rows and their order are
    `outline`'s): the terminal's TextStyle below, Telegram's in bot/telegram/statsview.py."""

    gaps_heading: str
    worst_heading: str

    def title(self, since: float | None) -> str: ...
    def period(self, period: Period) -> str: ...
    def latency(self, shown: str) -> str: ...
    def gap(self, number: int, gap: Gap) -> str: ...
    def worst(self, number: int, rated: Rated) -> str: ...


def outline(data: Report, style: Style) -> list[str]:
    """The report's rows, in order, each written in `style`."""
    lines = [style.title(data.since)]
    lines += [style.period(period) for period in data.periods]
    if data.latency_ms:
        shown = ", ".join(f"p{round(100 * s)} {ms:.0f} ms" for s, ms in data.latency_ms)
        lines.append(style.latency(shown))
    up, down = data.votes
    lines.append(f"Ratings: {up} 👍, {down} 👎")
    if data.gaps:
        lines.append(style.gaps_heading)
        lines += [style.gap(n, gap) for n, gap in enumerate(data.gaps, 1)]
    if data.worst:
        lines.append(style.worst_heading)
        lines += [style.worst(n, rated) for n, rated in enumerate(data.worst, 1)]
    return lines


class TextStyle:
    """The terminal's report (`python -m bot stats`): aligned columns."""

    gaps_heading = "Most asked questions the articles don't answer:"
    worst_heading = "Worst rated answers:"

    def title(self, since: float | None) -> str:
        first = "no questions yet" if since is None else "first question " + date_text(since)
        return f"Questions ({first}):"

    def period(self, period: Period) -> str:
        return (
            f"  {period.label:<16} {period.total:>7} asked, {period.answered:>7} answered"
            f" ({percent(period.answered_share)}), {period.declined:>7} declined"
        )

    def latency(self, shown: str) -> str:
        return f"Time to answer, last week: {shown}"

    def gap(self, number: int, gap: Gap) -> str:
        return f"  {number}. {gap.question} ({gap.times}x)"

    def worst(self, number: int, rated: Rated) -> str:
        return f"  {number}. {worst_line(rated)}"


def format_text(data: Report) -> str:
    """The report for a terminal (`python -m bot stats`)."""
    return "\n".join(outline(data, TextStyle()))


def worst_line(rated: Rated) -> str:
    question = rated.question if rated.question is not None else "(question text expired)"
    where = f"paragraph {rated.paragraph} of “{rated.title}”" if rated.title else "no article"
    return f"{rated.down} 👎 {rated.up} 👍: {question} -> {where}"


def date_text(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(at))
