"""Follow-ups that stay on the story the conversation is on (issue 15, round 51), on two
stories written here (not from any set): a whole question opened by "and" ("And what did the
union say?") prefers the last answer's article (`ConversationSettings.and_continues`); a
follow-up declined for want of its words is answered by its closest passage when that is in
the story and is not the paragraph just given (`ConversationSettings.story_fallback`). Each
with cases where the rule must not fire, and the switch off."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.answering import NOT_COVERED, WEAK, Answer, Answerer
from bot.answering.borrow import Context
from bot.config import ConversationSettings, load_settings
from bot.conversation import Conversations, Reply, _in_story
from bot.followup import CONTINUED, continues
from bot.followup_plan import Conversation, Turn, plan
from bot.knowledge import load_folder
from tests.conftest import ROOT

SETTINGS = load_settings(ROOT / "config.yaml")

# The union is heard in both stories; the ferry's old vessel is told apart from its new one.
FERRY = """---
title: New ferry enters service between Skarholm and Lindvik
source: newsbot test (written for this project)
published: 2025-04-02
---
A new electric ferry entered service between Skarholm and Lindvik on Monday, cutting the crossing time to 25 minutes.

The ferry carries up to 300 passengers and 60 cars, and its batteries are charged at both harbours during loading.

The harbour workers' union said the crews had not been trained for the new charging equipment and asked for the first month to be run with an extra engineer on board.

The vessel it replaces was built in 1979 and burned diesel for more than forty years before it was sold to an operator in Croatia.

Tickets keep their old price of 12 euros for a car and its driver.
"""

HOSPITAL = """---
title: Nurses at Rennick hospital vote to strike
source: newsbot test (written for this project)
published: 2025-05-14
---
Nurses at Rennick General Hospital voted on Tuesday to strike for two days next month over staffing on night wards.

The nurses' union said the vote showed how tired its members were. Talks with the hospital's managers are set for Friday.

The hospital said patients with appointments on the strike days would be contacted by letter.
"""

CROSSING = "How long does the Skarholm ferry crossing take?"
CARRIES = "How many passengers can the Skarholm ferry carry?"


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    folder: Path = tmp_path_factory.mktemp("story")
    for name, text in (("ferry", FERRY), ("hospital", HOSPITAL)):
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return Answerer(load_folder(folder), SETTINGS.retrieval)


def chat(**switches: bool) -> Conversations:
    settings: ConversationSettings = replace(SETTINGS.conversation, **switches)
    return Conversations(settings)


def given(reply: Reply) -> str:
    best = reply.answer.best
    return best.passage.text if best else ""


def talk(conversation: Conversations, answerer: Answerer, *questions: str) -> Reply:
    replies = [conversation.ask("a", q, answerer) for q in questions]
    return replies[-1]


def test_both_switches_are_on_by_default() -> None:
    # chosen in every fold of docs/fit.py --dialogues --blind --per-set (docs/quality.md round 51)
    assert ConversationSettings().and_continues and ConversationSettings().story_fallback


# -- "And what did the union say?": the same story ------------------------------------------


def test_continues_reads_a_whole_question_opened_by_and() -> None:
    assert continues("And what did the union say?") == "and"
    assert continues("But how long did the outage last?") == "but"


def test_continues_leaves_other_questions_alone() -> None:
    assert continues("What did the union say?") == ""  # no opener
    assert continues("Andrew said what?") == ""  # "and" only as part of a word
    assert continues("And the union?") == ""  # an ellipsis: a follow-up of its own kind
    assert continues("And why?") == ""  # bare: a follow-up too


def test_an_and_question_prefers_the_last_answers_story(answerer: Answerer) -> None:
    reply = talk(chat(and_continues=True), answerer, CROSSING, "And what did the union say?")
    assert reply.followup is not None and reply.followup.kind == CONTINUED
    assert reply.context is not None and reply.context.words == ()  # nothing borrowed
    assert "harbour workers' union" in given(reply)


def test_without_the_switch_an_and_question_stands_alone(answerer: Answerer) -> None:
    reply = talk(chat(and_continues=False), answerer, CROSSING, "And what did the union say?")
    assert reply.followup is None and "nurses' union" in given(reply)


def test_the_same_question_without_and_is_asked_alone(answerer: Answerer) -> None:
    reply = talk(chat(and_continues=True), answerer, CROSSING, "What did the union say?")
    assert reply.context is None and "nurses' union" in given(reply)


def test_an_and_question_opening_a_conversation_is_asked_alone(answerer: Answerer) -> None:
    reply = talk(chat(and_continues=True), answerer, "And what did the union say?")
    assert reply.context is None and "nurses' union" in given(reply)


def test_an_and_question_after_a_decline_has_no_story_to_stay_on() -> None:
    declined = Conversation([Turn("Who is the captain of the ferry?", (("captain", 1.0),))])
    settings = replace(SETTINGS.conversation, and_continues=True)
    assert plan(declined, "And what did the union say?", settings).context is None


# -- a declined follow-up answered from the story ---------------------------------------------


def test_a_declined_follow_up_is_answered_from_the_story(answerer: Answerer) -> None:
    reply = talk(chat(story_fallback=True), answerer, CARRIES, "And the diesel one?")
    assert "built in 1979" in given(reply)


def test_without_the_switch_it_stays_declined(answerer: Answerer) -> None:
    # at round 38's unseen raise (0.5): since round 52's 0.25 this follow-up's words are
    # covered without the fallback, so the raise shows the switch's work
    raised = Answerer(answerer.knowledge, replace(SETTINGS.retrieval, unseen_weight=0.5))
    reply = talk(chat(story_fallback=False), raised, CARRIES, "And the diesel one?")
    assert reply.answer.declined == NOT_COVERED
    assert "built in 1979" in given(
        talk(chat(story_fallback=True), raised, CARRIES, "And the diesel one?")
    )


def test_the_paragraph_just_given_is_not_given_again(answerer: Answerer) -> None:
    # its closest passage is the last answer's own: the borrowed words chose it
    reply = talk(chat(story_fallback=True), answerer, CARRIES, "And the one before?")
    assert not reply.answer.answered
    closest = reply.answer.closest
    assert closest is not None and "300 passengers" in closest.passage.text


def test_a_question_standing_alone_stays_declined(answerer: Answerer) -> None:
    reply = talk(chat(story_fallback=True), answerer, CARRIES, "Where did the old one go?")
    assert reply.context is None and not reply.answer.answered


def test_a_closest_passage_in_another_story_stays_a_decline(answerer: Answerer) -> None:
    nurses = answerer.answer("What did the nurses' union say about the vote?").best
    assert nurses is not None and nurses.passage.article.key == "hospital.md"
    story = Context(article="ferry.md", paragraph=2)
    declined = Answer("And the crews?", (), declined=NOT_COVERED, closest=nurses)
    assert _in_story(declined, story) is declined


def test_a_decline_for_another_reason_stays(answerer: Answerer) -> None:
    vessel = answerer.answer("When was the ferry it replaces built?").best
    assert vessel is not None and vessel.passage.article.key == "ferry.md"
    story = Context(article="ferry.md", paragraph=2)
    weak = Answer("And the old one?", (), declined=WEAK, closest=vessel)
    assert _in_story(weak, story) is weak
    covered = Answer("And the old one?", (), declined=NOT_COVERED, closest=vessel)
    assert _in_story(covered, story).best is vessel
