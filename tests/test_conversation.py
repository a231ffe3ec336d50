"""Conversations over the ten fixture articles: follow-ups answered in context, topic shifts
and single questions answered as if alone, and when a conversation ends."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.answering import Answer, Answerer
from bot.config import load_settings
from bot.conversation import Conversations
from bot.evaluate import contains, evaluate, load_cases
from bot.followup import detect
from bot.followup_plan import Turn, borrowed
from bot.knowledge import KnowledgeBase, load_folder
from tests.conftest import PUBLIC_SET, ROOT, SHARED, SQUAD

SETTINGS = load_settings(ROOT / "config.yaml").conversation
SINGLE_SETS = [*sorted((ROOT / "tests" / "sets").glob("*_qa.yaml")), PUBLIC_SET]
NEWS = SHARED / "eval" / "news"


class Clock:
    """Time that the test moves on by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def best(answer: Answer) -> str:
    return answer.best.passage.text if answer.best else ""


def test_a_follow_up_borrows_the_last_turn(many_answerer: Answerer) -> None:
    chat = Conversations(SETTINGS)
    first = chat.ask("a", "Who won Kazakhstan's chess championship?", many_answerer)
    assert "Nurlan Abdykadyrov" in best(first.answer)
    follow = chat.ask("a", "How old is he?", many_answerer)
    assert follow.followup is not None and follow.followup.kind == "pronoun"
    assert contains(best(follow.answer), "14-year-old schoolboy")
    # alone, "How old is he?" finds another article's eight-year-old
    assert "14-year-old" not in best(many_answerer.answer("How old is he?"))


def test_why_is_answered_from_the_reason_or_declined(many_answerer: Answerer) -> None:
    chat = Conversations(SETTINGS)
    chat.ask("a", "How long did the rescuers climb in the dark?", many_answerer)
    chat.ask("b", "What theme did the children choose for the ward?", many_answerer)
    assert contains(best(chat.ask("a", "Why?", many_answerer).answer), "strong wind")
    declined = chat.ask("b", "Why?", many_answerer)  # the article gives no reason for it
    assert not declined.answer.answered
    assert declined.note.startswith("I read this as a follow-up to “What theme did")
    assert "theme" in declined.note


def test_a_question_with_its_own_subject_is_answered_as_if_alone(
    many_answerer: Answerer,
) -> None:
    chat = Conversations(SETTINGS)
    chat.ask("a", "How much electricity can the Port Ellan turbines generate?", many_answerer)
    question = "How much did the new children's ward cost?"
    shifted = chat.ask("a", question, many_answerer)
    assert shifted.followup is None and shifted.context is None
    assert shifted.answer == many_answerer.answer(question)


def test_conversations_are_kept_apart(many_answerer: Answerer) -> None:
    chat = Conversations(SETTINGS)
    chat.ask("chess", "Who won Kazakhstan's chess championship?", many_answerer)
    chat.ask("tide", "Who opened the tidal turbines' control room?", many_answerer)
    assert contains(best(chat.ask("chess", "How old is he?", many_answerer).answer), "14-year")
    said = chat.ask("tide", "What did she say?", many_answerer)
    assert contains(best(said.answer), "biggest nuisance")


def test_a_conversation_ends_after_its_minutes(many_answerer: Answerer) -> None:
    clock = Clock()
    chat = Conversations(replace(SETTINGS, minutes=5), clock)
    chat.ask("a", "Who won Kazakhstan's chess championship?", many_answerer)
    clock.now += 4 * 60
    assert chat.ask("a", "How old is he?", many_answerer).followup is not None
    clock.now += 5 * 60 + 1
    late = chat.ask("a", "How old is he?", many_answerer)
    assert late.followup is None and late.answer == many_answerer.answer("How old is he?")


def test_a_conversation_ends_after_its_turns(many_answerer: Answerer) -> None:
    chat = Conversations(replace(SETTINGS, turns=2))
    chat.ask("a", "Who won Kazakhstan's chess championship?", many_answerer)
    assert chat.ask("a", "How old is he?", many_answerer).followup is not None
    assert chat.ask("a", "Who coaches him?", many_answerer).followup is None  # a new one
    assert chat.ask("a", "How many hours a day does she train him?", many_answerer).followup


def test_a_conversation_ends_when_a_reload_removed_its_article(
    many_answerer: Answerer,
) -> None:
    chat = Conversations(SETTINGS)
    first = chat.ask("a", "Who won Kazakhstan's chess championship?", many_answerer)
    assert first.answer.best is not None
    gone = first.answer.best.passage.article.key
    kept = [a for a in many_answerer.articles if a.key != gone]
    reloaded = Answerer(KnowledgeBase.from_articles(kept), many_answerer.settings)
    after = chat.ask("a", "How old is he?", reloaded)
    assert after.followup is None and after.answer == reloaded.answer("How old is he?")


def test_an_answer_s_names_are_borrowed_for_he_or_she_only() -> None:
    turn = Turn(
        "Who opened the new bridge?",
        (("opened", 1.0), ("bridge", 1.0), ("river", 0.5)),
        article="a",
        names=("ingrid", "lund"),
    )
    for_it = dict(borrowed(turn, SETTINGS))
    assert for_it == {"opened": 0.5, "bridge": 0.5, "river": 0.25}
    for_her = dict(borrowed(turn, SETTINGS, person=True))
    assert for_her["ingrid"] == for_her["lund"] == SETTINGS.answer_weight
    light = dict(borrowed(turn, replace(SETTINGS, min_weight=0.3)))
    assert "river" not in light  # a word borrowed twice over fades out


def test_memory_is_bounded() -> None:
    chat = Conversations(replace(SETTINGS, max_conversations=3))
    answerer = Answerer(KnowledgeBase.from_articles([]))
    for key in range(10):
        chat.ask(key, "Who won?", answerer)
    assert len(chat) == 3


@pytest.mark.parametrize("path", [*SINGLE_SETS, NEWS / "news_qa.yaml", SQUAD], ids=lambda p: p.name)
def test_no_single_question_is_taken_for_a_follow_up(path: Path) -> None:
    """Every question of every single-question set stands alone: the detector never fires."""
    cases, _ = load_cases(path)
    assert cases
    fired = [case.question for case in cases if detect(case.question) is not None]
    assert fired == []


@pytest.mark.parametrize("path", SINGLE_SETS, ids=lambda p: p.name)
def test_single_questions_asked_in_one_conversation_get_their_answers_alone(
    path: Path, many_answerer: Answerer
) -> None:
    """A whole set asked in a row, as one conversation, is answered exactly as question by
    question: the context changes nothing for a question that stands alone."""
    chat = Conversations(replace(SETTINGS, turns=10_000))
    cases, _ = load_cases(path)
    for case in cases:
        assert chat.ask("set", case.question, many_answerer).answer == many_answerer.answer(
            case.question
        )


def test_the_news_questions_asked_in_one_conversation_get_their_answers_alone() -> None:
    answerer = Answerer(
        load_folder(NEWS / "articles"), load_settings(ROOT / "config.yaml").retrieval
    )
    chat = Conversations(replace(SETTINGS, turns=10_000))
    cases, _ = load_cases(NEWS / "news_qa.yaml")
    for case in cases:
        assert chat.ask("set", case.question, answerer).answer == answerer.answer(case.question)


def test_dialogues_meet_their_floors(many_answerer: Answerer) -> None:
    """Our own dialogues over the fixtures; the floors are what the method reaches now."""
    cases, _ = load_cases(ROOT / "tests" / "sets" / "dialogues.yaml")
    report = evaluate("dialogues", cases, many_answerer, conversation=SETTINGS).as_dict()
    # 67/76 since issue 15 round 23 (o12's "Why?": the next paragraph opens "After all"),
    # 66/76 before it; 65/76 in round 8 (o07's shift turn: children ~ young); 64/76 before,
    # and 44/52 before o11-o14 were added, blind (20/24: paraphrases "call"/"named",
    # "eat"/"feeds on", a caption's size, a reason in the next paragraph)
    assert report["turn_accuracy"] >= 0.88
    # 36/44 (35/44 before round 23; 25/31 before o11-o14)
    assert report["follow_up_accuracy"] >= 0.81
    assert report["shift_as_alone"]["same"] == report["shift_as_alone"]["total"] > 0


def test_news_dialogues() -> None:
    """The shared dialogues over the ten news articles (floors: what the method reaches now)."""
    answerer = Answerer(
        load_folder(NEWS / "articles"), load_settings(ROOT / "config.yaml").retrieval
    )
    cases, _ = load_cases(NEWS / "news_dialogues.yaml")
    report = evaluate("news", cases, answerer, conversation=SETTINGS).as_dict()
    assert report["turn_accuracy"] >= 0.81  # 36/44: "the ship" is "the cruise ship, Freewinds"
    # (d10's opener and its "Why?"; 34/44 before, a ratio is a share: was 33/44, 32, 30)
    assert report["follow_up_accuracy"] >= 0.83  # 25/30 (was 24/30, 22/30)
    assert report["shift_as_alone"]["same"] == report["shift_as_alone"]["total"] == 4


def test_a_why_follow_up_drops_a_short_answer_read_from_another_passage() -> None:
    from bot.answering import Hit
    from bot.conversation import _with_reason
    from tests.answering_kit import article, passage

    paper = article("harbour")
    plain = passage("The ferry left the harbour at noon.", of=paper, paragraph=1)
    reason = passage("It left early because a storm was coming.", of=paper, paragraph=2)
    hits = (Hit(plain, 3.0, plain.text, 0.5), Hit(reason, 2.0, reason.text, 0.4))
    moved = _with_reason(Answer("Why?", hits, short="at noon"))
    assert moved.hits[0].passage is reason and moved.short is None  # "at noon" is no reason
    kept = _with_reason(Answer("Why?", hits[::-1], short="a storm was coming"))
    assert kept.hits[0].passage is reason and kept.short == "a storm was coming"
