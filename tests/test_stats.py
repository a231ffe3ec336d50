"""Answer counts and the most frequent declined questions."""

from __future__ import annotations

from bot.stats import QuestionStats


def test_counts_and_most_frequent_declined() -> None:
    stats = QuestionStats(remember=10)
    stats.record("How many fled?", answered=True)
    for question in ["What is the rouble rate?", "what is the  ROUBLE rate?", "Who is Biden?"]:
        stats.record(question, answered=False)
    snapshot = stats.snapshot(top=5)
    assert (snapshot.answered, snapshot.declined) == (1, 3)
    assert snapshot.top_declined[0] == ("what is the ROUBLE rate?", 2)
    assert snapshot.top_declined[1] == ("Who is Biden?", 1)


def test_memory_is_bounded() -> None:
    stats = QuestionStats(remember=3)
    for n in range(10):
        stats.record(f"question {n}", answered=False)
    snapshot = stats.snapshot()
    assert snapshot.declined == 10
    assert [q for q, _ in snapshot.top_declined] == ["question 7", "question 8", "question 9"]
