"""Why-questions (issue 15, docs/quality.md round 48): the reason sentence's share in ranking
(rules.reason_weight, bot/answering/evidence.py `reason_share`) and the decline of a passage
that tells the asked event only as a cause or a time of something else, or gives only the
question's own reason (rules.reason_of_asked, bot/answering/reasons.py). Made-up stories,
each rule with cases where it must not fire."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answering import Answerer
from bot.answering.analysis import analyse
from bot.answering.evidence import reason_share
from bot.answering.reasons import told_as_cause
from bot.answering.result import NOT_COVERED
from bot.answering.withheld import asks_reason
from bot.config import RetrievalSettings
from bot.cues import cue_of_time, reason_cues
from bot.knowledge import KnowledgeBase
from bot.rules import RuleSettings
from tests.answering_kit import facts, one_article, query, unit

SETTINGS = RetrievalSettings()
OFF = replace(SETTINGS, rules=replace(SETTINGS.rules, reason_weight=0.0, reason_of_asked=False))


def _town() -> KnowledgeBase:
    return one_article(
        "Corran Street bakery closes after burst pipe",
        "The Corran Street bakery in Marlow closed for a week after a water pipe burst in its"
        " kitchen, its owner said on Monday.",
        "Sales of bread in the town fell by a third after the closure, and the market stalls"
        " sold out by noon.",
        "The owner, Ada Finch, said the bakery would reopen on Friday because the repairs were"
        " finished.",
        "The bakery first opened in 1931 and employs six bakers.",
        "The ferry service to the island stopped running on Tuesday, the harbour board said in"
        " a short statement about the ferry service.",
        "The board said the ferry service stopped because storm waves had damaged the harbour"
        " wall.",
    )


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("why did the ferry stop", True),
        ("how come the shop shut", True),
        ("what caused the delay", True),
        ("what was the reason for the strike", True),
        ("for what reason was he fired", True),
        ("when did the ferry stop", False),
        ("what did the reason committee decide", False),
        ("who opened the fair", False),
    ],
)
def test_a_reason_is_asked_by_why_or_by_a_cause(question: str, asks: bool) -> None:
    assert asks_reason(question) is asks
    # the analysis reads it only while ranking weighs it
    assert analyse(question, RuleSettings()).reason is asks
    assert analyse(question, RuleSettings(reason_weight=0.0)).reason is False


def test_the_best_sentence_stating_a_reason_gives_the_share() -> None:
    asked = query(unit("ferry"), unit("stop"), reason=True)
    stated = facts("The ferry stopped on Tuesday.", "The ferry stopped because of the storm.")
    assert reason_share(asked, stated) == pytest.approx(1.0)
    # must not fire: no sentence states a reason, or the question asks none
    assert reason_share(asked, facts("The ferry stopped on Tuesday.")) == 0.0
    assert reason_share(query(unit("ferry"), unit("stop")), stated) == 0.0
    # a reason told of none of the question's words counts nothing
    assert reason_share(asked, facts("The ferry stopped.", "Prices rose because of it.")) == 0.0


def test_a_why_question_ranks_the_passage_giving_the_reason_first() -> None:
    asked = "Why did the ferry service stop?"
    best = Answerer(_town(), SETTINGS).answer(asked).best
    assert best is not None and "because storm waves" in best.passage.text
    plain = Answerer(_town(), OFF).answer(asked).best  # the event's own passage, more words
    assert plain is not None and "in a short statement" in plain.passage.text
    # must not move: a question asking no reason
    when = Answerer(_town(), SETTINGS).answer("When did the ferry service stop?").best
    assert when is not None and "on Tuesday" in when.passage.text


@pytest.mark.parametrize(
    ("sentence", "told"),
    [
        ("The train stopped after its screen cracked.", True),  # the crack: the stop's cause
        ("The screen cracked after the crash.", False),  # a cause of the crack, not asked
        ("The screen cracked because the frost was hard.", False),
        ("The screen cracked.", False),  # no cue: REASON misses many a reason, keep it
        ("The screen cracked, so the train stopped.", False),  # the effect follows ", so"
        ("Frost was why the screen cracked.", False),  # ... and "why"
        ("A mesh was fitted to stop the screen cracking.", False),  # a purpose follows
    ],
)
def test_the_asked_event_told_only_as_a_cause(sentence: str, told: bool) -> None:
    asked = query(unit("screen"), unit("crack"))
    assert told_as_cause(asked, facts(sentence), frozenset()) is told


def test_a_sentence_not_about_the_question_is_not_read() -> None:
    asked = query(unit("screen"), unit("crack"))
    passage = facts("The screen cracked after the crash.", "Prices rose after the storm.")
    assert told_as_cause(asked, passage, frozenset()) is False
    passage = facts("The train stopped after its screen cracked.", "Prices rose because of it.")
    assert told_as_cause(asked, passage, frozenset()) is True


def test_the_asked_event_told_as_a_cause_declines_through_the_answerer() -> None:
    for asked in ("What caused the pipe to burst?", "Why did bread sales fall after the closure?"):
        assert Answerer(_town(), SETTINGS).answer(asked).declined == NOT_COVERED
        assert Answerer(_town(), OFF).answer(asked).declined == ""
    # must not fire: the passage tells a cause of the asked event, or an effect follows
    for asked in ("Why did the bakery close?", "Why will the bakery reopen?"):
        assert Answerer(_town(), SETTINGS).answer(asked).declined == ""


@pytest.mark.parametrize(
    ("sentence", "told"),
    [
        # "since" before a finite clause still counts: a cause (or a time) told by a clause
        ("The ferry stopped since the harbour wall was damaged.", False),  # the wall: a reason
        ("The gallery shut since the roof leaked.", True),  # the leak: the shut's cause
        ("Since the roof leaked, the gallery has shut.", True),
        # must not count: "since" before a date, a time noun, an event named by a noun, or
        # as an adverb; "after" before a time noun or a duration
        ("The roof has leaked since March.", False),
        ("The roof has leaked since 2019.", False),
        ("The roof has leaked since the storm of last winter.", False),
        ("The roof has leaked since then.", False),
        ("The roof leaked, and the owners have since sold the gallery.", False),
        ("The roof leaked again after the holidays.", False),
        ("The roof leaked after three weeks of rain.", False),
    ],
)
def test_since_and_after_telling_a_time_are_no_cause(sentence: str, told: bool) -> None:
    """A "since" or "after" telling only a time states no reason: with rules.reason_as_time
    it is no cue, and a passage whose only cue it is tells no reason and is kept."""
    asked = query(unit("roof"), unit("leak"), unit("gallery"), unit("shut"))
    assert told_as_cause(asked, facts(sentence), frozenset(), times=True) is told


def test_a_time_after_since_was_read_as_the_asked_event_told_as_a_cause() -> None:
    """Without the switch, "since her final" (holding the question's words) reads as the
    asked event told as the time of something else, and the passage is declined."""
    asked = query(unit("knee"), unit("strap"), unit("final"))
    passage = facts("Her knee was strapped, and she had felt pain since her final on Sunday.")
    assert told_as_cause(asked, passage, frozenset()) is True
    assert told_as_cause(asked, passage, frozenset(), times=True) is False
    # must still decline with the switch: a finite clause follows "since"
    clause = facts("Her knee was strapped, and she had felt pain since she lost the final.")
    assert told_as_cause(asked, clause, frozenset(), times=True) is True


@pytest.mark.parametrize(
    ("sentence", "time"),
    [
        ("shops have since stopped selling it.", True),
        ("the shop had long since closed.", True),
        ("prices have risen since 2019.", True),
        ("she has felt pain since her semifinal on friday.", True),
        ("since then the town has grown.", True),
        ("after the break she could not serve.", True),
        ("it reopened after three weeks.", True),
        # must not: a finite clause, or an event, follows
        ("the firm closed since the road was closed.", False),
        ("since prices fell, the firm shut.", False),
        ("the mill shut since its owners lost the licence.", False),
        ("he has coached her since she was seven.", False),  # a clause: a time or a cause
        ("sales fell after the recall.", False),
        ("the train stopped after its screen cracked.", False),
        ("shares fell after 400 workers walked out.", False),
        ("he left after monday's vote.", False),
        ("the shop has shut since.", True),  # an adverb: nothing of a clause follows
        ("the mill has been quiet since the firm's collapse.", True),  # "'s": no verb
    ],
)
def test_cue_of_time(sentence: str, time: bool) -> None:
    cue, at = next((c, a) for c, a in reason_cues(sentence) if c in ("since", "after"))
    assert cue_of_time(cue, sentence, at) is time
