"""The question log's report: totals and rates, latency, content gaps grouped by their
words, worst-rated answers; its text, its Telegram message and its chart."""

from __future__ import annotations

import struct

from bot.answering import Answerer
from bot.config import StateSettings
from bot.state import DAY, Asked, State
from bot.stats import QuestionLog, gap_key, group_gaps, report
from bot.telegram.statsview import stats_html
from tests.e2e.telegram_html import visible_text

NOW = 1_750_000_000.0


def test_gaps_group_questions_by_their_words_not_their_wording() -> None:
    questions = [
        "When does the ferry to the island leave?",
        "when does the FERRY leave for the island",
        "When do ferries to the island leave?",
        "Who painted the mural?",
    ]
    gaps = group_gaps(questions)
    assert [(g.question, g.times) for g in gaps] == [
        ("When does the ferry to the island leave?", 3),  # the most recent wording
        ("Who painted the mural?", 1),
    ]


def test_a_different_word_is_a_different_gap() -> None:
    assert gap_key("When does the ferry leave?") != gap_key("When does the train leave?")
    assert gap_key("Who is he?") == "who is he"  # all stopwords: the words themselves


def test_log_records_outcome_article_paragraph_and_reason(answerer: Answerer) -> None:
    state = State(StateSettings())
    log = QuestionLog(state, clock=lambda: NOW)
    answered = answerer.answer("How many people have fled Ukraine?")
    declined = answerer.answer("What is the capital of France?")
    state.log(log.asked(answered, chat_type="private", user_id=1, seconds=0.004))
    state.log(log.asked(declined, chat_type="group", user_id=2, seconds=0.002))
    rows = state.db.execute(
        "SELECT chat_type, answered, article, paragraph, reason, latency_ms FROM questions"
    ).fetchall()
    assert rows[0][:4] == ("private", 1, answered.hits[0].passage.article.key, 10)
    assert rows[1][:2] == ("group", 0) and rows[1][4] == declined.declined != ""
    assert [round(r[5], 3) for r in rows] == [4.0, 2.0]


def filled_state() -> State:
    state = State(StateSettings())
    for n in range(20):  # 20 days ago: 1 a day, answered
        state.log(ask(NOW - (20 - n) * DAY - 1, answered=True, latency=10.0 + n))
    for _ in range(5):  # today: declined gaps
        state.log(ask(NOW - 60, answered=False, text="Where is the <b>museum</b>?"))
    good = state.log(ask(NOW - 30, answered=True, text="Who won?"))
    bad = state.log(ask(NOW - 20, answered=True, text="How high is the dam?"))
    state.vote(good, 1, 1, NOW)
    state.vote(bad, 1, -1, NOW)
    state.vote(bad, 2, -1, NOW)
    return state


def ask(at: float, *, answered: bool, text: str = "q", latency: float = 5.0) -> Asked:
    return Asked(
        at=at,
        chat_type="private",
        user_id=9,
        question=text,
        answered=answered,
        latency_ms=latency,
        article="dam.md" if answered else "",
        title="The dam" if answered else "",
        paragraph=2 if answered else None,
        reason="" if answered else "weak",
    )


def test_report_totals_rates_latency_gaps_and_worst() -> None:
    data = report(filled_state(), NOW)
    day, week, start = data.periods
    assert (day.answered, day.declined) == (2, 5)
    assert (week.total, start.total) == (7 + 6, 27)
    assert round(start.answered_share, 3) == round(22 / 27, 3)
    assert [g.times for g in data.gaps] == [5]
    [worst] = data.worst
    assert (worst.question, worst.down, worst.up) == ("How high is the dam?", 2, 0)
    assert data.votes == (1, 2)
    assert [share for share, _ in data.latency_ms] == [0.5, 0.9, 0.99]
    assert data.latency_ms[0][1] <= data.latency_ms[1][1] <= data.latency_ms[2][1]
    assert len(data.per_day) == 21


def test_quiet_days_show_as_zero_up_to_today() -> None:
    state = State(StateSettings())
    state.log(ask(NOW - 3 * DAY, answered=True))
    state.log(ask(NOW - 1 * DAY, answered=False))
    days = report(state, NOW).per_day
    assert [(a, d) for _, a, d in days] == [(1, 0), (0, 0), (0, 1), (0, 0)]


def test_stats_message_escapes_questions_and_fits() -> None:
    text = stats_html(report(filled_state(), NOW))
    shown = visible_text(text)
    assert "Since the start: 27 asked, 22 answered (81%), 5 declined" in shown
    assert "1. “Where is the <b>museum</b>?” — 5×" in shown  # shown as typed
    assert "1. 2 👎 0 👍: How high is the dam? -> paragraph 2 of “The dam”" in shown


def test_chart_is_a_tall_png_for_a_phone() -> None:
    from bot.charts import render_png

    picture = render_png(report(filled_state(), NOW))
    assert picture.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", picture[16:24])
    assert width >= 1000 and height > width  # portrait, full-width on a phone
    empty = render_png(report(State(StateSettings()), NOW))  # no questions yet: still a picture
    assert empty.startswith(b"\x89PNG")
