"""A passage saying what is asked is withheld (bot/answering/withheld.py, rules.withheld):
made-up sentences only, none from any question set."""

from __future__ import annotations

import pytest

from bot.answering import Answerer
from bot.answering.analysis import analyse
from bot.answering.result import WITHHELD
from bot.answering.withheld import AMOUNT, NAME, REASON, TIME, WHERE, asks_reason, cues
from bot.config import RetrievalSettings
from bot.knowledge import KnowledgeBase
from bot.render import to_text
from bot.rules import RuleSettings
from bot.text import term
from tests.answering_kit import one_article

ON = RetrievalSettings()
OFF = RetrievalSettings(rules=RuleSettings(withheld=False))


@pytest.mark.parametrize(
    ("sentence", "kind", "about"),
    [
        ("The two divers, whose names have not been released, were rescued.", NAME, "divers"),
        ("A Leeds bakery, which has not been named, supplied the cakes.", NAME, "bakery"),
        ("One nurse, who asked not to be named, said the ward was full.", NAME, "nurse"),
        ("Officers did not name the cyclist but said he was 40.", NAME, "cyclist"),
        ("The victim has not yet been identified.", NAME, "victim"),
        ("The mayor has not yet identified the buyer.", NAME, "buyer"),
        ("An unnamed official said the talks had stalled.", NAME, "official"),
        ("She declined to say why the plant was closing.", REASON, "plant"),
        ("The cause of the blaze is still unknown.", REASON, "blaze"),
        ("No date has been set for the hearing.", TIME, "hearing"),
        ("It is unclear when the bridge will reopen.", TIME, "bridge"),
        ("The club signed him for an undisclosed fee.", AMOUNT, "club"),
        ("He would not say how much the repairs had cost.", AMOUNT, "repairs"),
        ("The hostages were moved to an undisclosed location.", WHERE, "hostages"),
        ("Police would not say where the van was found.", WHERE, "van"),
    ],
)
def test_a_cue_withholds_its_kind_of_its_words(sentence: str, kind: str, about: str) -> None:
    assert any(c.kind == kind and term(about) in c.about for c in cues(sentence))


def test_a_name_cue_is_of_its_own_noun_phrase_only() -> None:
    (cue,) = cues("The driver, who has not been named, was taken to St Anne's Hospital.")
    assert cue.about == {term("driver")}  # not the hospital
    # "has not identified" in the active voice withholds its object, not its subject
    (cue,) = cues("The mayor has not yet identified the buyer.")
    assert term("mayor") not in cue.about


@pytest.mark.parametrize(
    "sentence",
    [
        "The two divers were named on Monday as Ann Roe and Tom Lee.",
        "The council said why the plant was closing: the roof had collapsed.",
        "It was not the first time the bridge had closed.",
        "The hearing was set for 4 May.",
    ],
)
def test_no_cue_where_nothing_is_withheld(sentence: str) -> None:
    assert cues(sentence) == ()


@pytest.mark.parametrize(
    ("question", "kind", "nouns"),
    [
        ("What are the names of the two divers?", NAME, ("divers",)),
        ("What is the bakery from Leeds called?", NAME, ("bakery",)),
        ("Which retired army officer will chair the inquiry?", NAME, ("officer",)),
        ("Which bakery made the cakes?", NAME, ("bakery",)),
        ("Why did the plant close?", REASON, ()),
        ("What caused the blaze?", REASON, ()),
        ("When will the hearing take place?", TIME, ()),
        ("How long will the repairs take?", TIME, ()),
        ("How much did the club pay for him?", AMOUNT, ()),
        ("Where was the van found?", WHERE, ()),
        ("How old is the cyclist?", "", ()),
        ("Who rescued the divers?", "", ()),
    ],
)
def test_what_a_question_asks_that_may_be_withheld(
    question: str, kind: str, nouns: tuple[str, ...]
) -> None:
    asked = analyse(question, RuleSettings()).withheld
    assert (asked.kind, asked.nouns) == (kind, nouns)
    assert not analyse(question, RuleSettings(withheld=False)).withheld.kind


def _quay() -> KnowledgeBase:
    return one_article(
        "Ferry runs aground at Carran Point",
        "A car ferry ran aground off Carran Point on Sunday night. Both deckhands, whose names "
        "have not been released, were treated at Elmwood General Hospital for cuts and bruises.",
        "Coastguard officer Jane Hale did not name the ferry's skipper but said he was 52 years old.",
        "The harbour master closed the slipway on Monday morning but did not say why.",
        "The council shut the quayside car park on Tuesday because its surface had cracked.",
        "The operator, which paid £3 million for the ferry in 2019, sold its sister ship to a "
        "Welsh company for an undisclosed sum.",
        key="quay.md",
    )


@pytest.mark.parametrize(
    "question",
    [
        "What are the names of the deckhands?",
        "What is the name of the ferry's skipper?",
        "Why did the harbour master close the slipway?",
        "How much did the operator sell its sister ship for?",
    ],
)
def test_a_withheld_answer_declines_through_the_answerer(question: str) -> None:
    quay = _quay()
    assert Answerer(quay, ON).answer(question).declined == WITHHELD
    assert Answerer(quay, OFF).answer(question).declined == ""  # the rule moves it


@pytest.mark.parametrize(
    ("question", "short"),
    [
        # the deckhands' names are withheld, the hospital is named
        ("Which hospital treated the deckhands?", "Elmwood General"),
        # the skipper's name is withheld, his age is not: an age is no kind withheld
        ("How old is the ferry's skipper?", "52"),
        # a reason told of the car park; the slipway's is withheld, not this one
        ("Why did the council shut the quayside car park?", None),
        # the sum paid for the ferry, told in a sentence withholding another sum only
        ("How much did the operator pay for the ferry?", "£3 million"),
    ],
)
def test_what_is_stated_beside_a_withheld_thing_answers(question: str, short: str | None) -> None:
    answer = Answerer(_quay(), ON).answer(question)
    assert answer.declined == ""
    assert short is None or (answer.short is not None and short in answer.short)


def test_a_withheld_decline_says_the_article_keeps_it_back() -> None:
    quay = _quay()
    answer = Answerer(quay, ON).answer("What are the names of the deckhands?")
    text = to_text(answer, quay.articles)
    assert text.startswith("The article doesn’t say: ") and "has not been made known" in text
    assert "Ferry runs aground" in text  # the article whose passage says so


def test_did_not_say_which_withholds_a_which_question_only() -> None:
    trial = one_article(
        "Sleep drug trial",
        "Of the 80 volunteers in the Harlow University trial, four stopped taking the pill "
        "because of side effects, but the authors did not say which ones. Dr Ruth Moss led it.",
        key="trial.md",
    )
    asked = "Which side effects made four volunteers stop taking the pill?"
    assert Answerer(trial, ON).answer(asked).declined == WITHHELD
    assert Answerer(trial, OFF).answer(asked).declined == ""
    # must not fire: the trial's leader, named, of another noun than the cue's sentence
    assert Answerer(trial, ON).answer("Who led the trial?").declined == ""


def test_it_is_not_known_why_is_said_of_the_sentence_before() -> None:
    mill = one_article(
        "Mill fire",
        "Fire crews from Dunmore were called to the old flax mill at 2 am on Friday. The roof "
        "of the mill collapsed an hour later. It is not yet known why.",
        key="mill.md",
    )
    assert Answerer(mill, ON).answer("Why did the roof of the mill collapse?").declined == (
        WITHHELD
    )
    # must not fire: the crews' reason (they were called) is no question of the cue
    assert Answerer(mill, ON).answer("When were fire crews called to the mill?").declined == ""


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("why did the ferry turn back?", True),
        ("and how come the ferry turned back?", True),
        ("what caused the ferry to turn back?", True),
        ("what was the reason for the delay?", True),
        ("for what reason did the ferry turn back?", True),
        # must not fire: the words elsewhere than the patterns ask them, or not at all
        ("who said why the ferry turned back?", False),
        ("what did the captain say caused the delay?", False),
        ("when did the ferry turn back?", False),
    ],
)
def test_a_reason_is_asked_only_by_the_patterns(question: str, expected: bool) -> None:
    assert asks_reason(question) is expected
