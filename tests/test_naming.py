"""Naming questions and naming constructions (bot/answering/naming.py), on questions and
sentences written for these tests (none from a question set), each rule with cases where
it must not fire; then the real answerer on a made-up story."""

from __future__ import annotations

import pytest

from bot.answering import Answerer
from bot.answering.candidates import scores, top
from bot.answering.naming import NAME_OF, TERM, about, asked, constructions
from bot.answering.ranking import rerank
from bot.config import RetrievalSettings
from bot.knowledge import Article, KnowledgeBase
from bot.rules import RuleSettings
from bot.text import analyze, normalize


def frame(question: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    found = asked(" ".join(normalize(question).split()))
    return (found.form, found.frame, found.namer, found.named) if found else None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What do the villagers call the storm?", (TERM, ("call",), ("villagers",), ("storm",))),
        ("What did the minister call it?", (TERM, ("call",), ("minister",), ())),
        ("What is the union calling the strike?", (TERM, ("calling",), ("union",), ("strike",))),
        ("What have fans dubbed the stadium?", (TERM, ("dubbed",), ("fans",), ("stadium",))),
        ("What is the new comet called?", (TERM, ("called",), (), ("new", "comet"))),
        ("What was the old mill known as?", (TERM, ("known",), (), ("old", "mill"))),
        ("What does the mayor refer to the plan as?", (TERM, ("refer",), ("mayor",), ("plan",))),
        ("What was the name of the ship?", (NAME_OF, ("name",), (), ("ship",))),
        ("Whats the name of the bakery?", (NAME_OF, ("name",), (), ("bakery",))),
        ("What is the orchard's name?", (NAME_OF, ("name",), (), ("orchard",))),
        (
            "What name did the sailors give the island?",
            (NAME_OF, ("name",), ("sailors",), ("island",)),
        ),
    ],
)
def test_naming_questions(question: str, expected: tuple[object, ...]) -> None:
    assert frame(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Who named the comet?",  # a person is asked
        "Who called the police?",
        "Why did the climbers call for help?",  # call for = ask
        "What did the union call for?",
        "What did the council call off?",  # cancel
        "What did she call the bank about?",  # a phone call
        "What time did he call?",
        "What is the old mill known for?",  # a reputation, not a name
        "What does NHS stand for?",  # an acronym's expansion: the definition rule
        "How many people did the nurse call?",
    ],
)
def test_not_naming_questions(question: str) -> None:
    assert frame(question) is None


def terms(sentence: str) -> list[tuple[str, str]]:
    return [(c.term(sentence), c.named) for c in constructions(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ('The union has declared a "work-to-rule" protest.', [("work-to-rule", "")]),
        ("Locals called the storm “the Beast” for weeks.", [("the Beast", "the storm")]),
        ("The farm, known as Old Hollow, was sold.", [("Old Hollow", "")]),
        ("They hired a bakery called Crumbs to cater the party.", [("Crumbs", "")]),
        ("The sailors named it Gull Rock, after the birds.", [("Gull Rock", "it")]),
        ("It was what critics dubbed a vanity project.", [("a vanity project", "")]),
        (
            "The council gave the name of the square: Linden Place, in May.",
            [("Linden Place", "the square")],
        ),
        (
            "They chose the name of their boat: Sea Lark, after a song.",
            [("Sea Lark", "their boat")],
        ),
    ],
)
def test_naming_constructions(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert terms(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The climbers called for help by radio.",  # call for
        "The comet was named after its discoverer.",  # named after: an origin, no term
        "She was named as the new head of the school.",  # named as: appointed
        "“We will appeal,” the union said.",  # speech, not a term
        'The mayor said the plan "will cost too much".',  # a clause in quotes
        "Under the terms of the deal, the names of the buyers were kept secret.",  # nouns
    ],
)
def test_no_naming_construction(sentence: str) -> None:
    assert terms(sentence) == []


def test_a_phone_call_names_nothing_it_can_be_asked_about() -> None:
    # "called the office twice": the words after the verb are read as a term, but the
    # question "What does the mayor call the office?" needs the mayor before the verb
    sentence = "He called the office twice on Monday."
    namer = frozenset(analyze("mayor"))
    assert not about(
        sentence, namer, frozenset(analyze("office")), frozenset(analyze("mayor call office"))
    )


def test_the_namer_must_name_not_be_named() -> None:
    """ "What do the rebels call the government?": the rebels name it, they are not what
    someone else names."""
    own = frozenset(analyze("rebels call government"))
    rebels, government = frozenset(analyze("rebels")), frozenset(analyze("government"))
    named_by_them = 'The rebels have long denounced the government as a "puppet regime".'
    assert about(named_by_them, rebels, government, own)  # a quote after "a"
    named_them = "The minister called the rebels “bandits” on Friday."
    assert not about(named_them, rebels, government, own)  # the rebels are the named ones
    said_elsewhere = 'The UN spoke of a "humanitarian pause" as the rebels advanced.'
    assert not about(said_elsewhere, rebels, government, own)  # the rebels come after it


def test_the_named_thing_stands_by_the_construction() -> None:
    """Only the thing named said ("What is the bakery called?"): its noun must stand
    just before the naming verb, not anywhere in the sentence."""
    own = frozenset(analyze("bakery called"))
    bakery = frozenset(analyze("bakery"))
    assert about("A new bakery called Crumbs opened.", frozenset(), bakery, own)
    far = "The square, known as Linden Place, has a bakery and a bank."
    assert not about(far, frozenset(), bakery, own)
    # a term made of the question's own words answers nothing
    assert not about('The bakery was called "the bakery" by all.', frozenset(), bakery, own)


STORY = KnowledgeBase.from_articles(
    [
        Article(
            "strike.md",
            "Dock workers walk out in Harwick",
            "Outlet",
            "",
            None,
            (
                "Dock workers in Harwick stopped work on Monday in a dispute over pay.",
                "The port authority said the walkout would delay forty ships.",
                'The union says it is only holding a "day of reflection."',
                "The mayor called the port authority a “bad neighbour” in a speech.",
                "Talks resume on Friday.",
            ),
        ),
        Article(
            "fair.md",
            "Harvest fair returns",
            "Outlet",
            "",
            None,
            (
                "The harvest fair returned to Lund this weekend after two years away.",
                "Farmers sold apples, pears and cider from forty stalls.",
            ),
        ),
    ]
)


def test_the_answerer_answers_a_naming_question_from_the_construction() -> None:
    question = "What does the union call the strike?"
    answer = Answerer(STORY, RetrievalSettings()).answer(question)
    assert answer.answered and answer.best is not None
    assert "day of reflection" in answer.best.sentence
    assert answer.short == "day of reflection"
    # without the rule, "call" is a topic word: the mayor's "called" passage wins or it declines
    # (at round 38's unseen raise, 0.5; at 0.25, round 52's, the passage holds enough either way;
    # rules.unseen_class off too: "strike", no article's word, is mostly a verb in WordNet's
    # counts and would no longer raise the bar, which lets the right passage through alone)
    without = RuleSettings(naming=False, unseen_class=False)
    raised = RetrievalSettings(unseen_weight=0.5, rules=without)
    off = Answerer(STORY, raised).answer(question)
    assert off.best is None or "day of reflection" not in off.best.sentence


def test_the_answerer_keeps_the_namer_apart_from_the_named() -> None:
    answer = Answerer(STORY, RetrievalSettings()).answer(
        "What did the mayor call the port authority?"
    )
    assert answer.short == "bad neighbour"


def test_a_naming_question_about_something_never_named_is_declined() -> None:
    # must not fire: the fair's story names nothing, and holds no quoted term
    answer = Answerer(STORY, RetrievalSettings()).answer("What do farmers call the fair?")
    assert answer.short != "day of reflection"


COMETS = KnowledgeBase.from_articles(
    [
        Article(
            "comet.md",
            "Amateur astronomer spots a new comet",
            "Outlet",
            "",
            None,
            (
                "A retired teacher in Lund has found a comet no observatory had listed.",
                "She first saw the faint smudge through her garden telescope in March.",
                "Astronomers named it Comet Lindqvist, after her family.",
            ),
        ),
        Article(
            "boat.md",
            "Rowing club launches its boat",
            "Outlet",
            "",
            None,
            (
                "The rowing club in Harwick launched its first racing boat on Sunday.",
                "Members named it Grey Heron, after the birds on the river.",
            ),
        ),
    ]
)


def test_a_thing_named_it_in_its_own_story() -> None:
    """ "named it X" names what its story is about: the comet's story holds "comet"
    (in another paragraph), the boat's story does not."""
    answer = Answerer(COMETS, RetrievalSettings()).answer("What is the new comet called?")
    assert answer.best is not None and "Lindqvist" in answer.best.sentence
    assert answer.short == "Comet Lindqvist"
    boat = Answerer(COMETS, RetrievalSettings()).answer("What is the racing boat called?")
    assert boat.short == "Grey Heron"
    # must not fire: "named it Grey Heron" is not the comet's name, though it names "it"
    assert answer.short != "Grey Heron"


def test_named_it_counts_only_in_a_story_holding_the_thing() -> None:
    answerer = Answerer(COMETS, RetrievalSettings())
    query = answerer.query("What is the new comet called?")
    bm25 = scores(answerer.index, query)
    rerank(query, bm25, top(bm25, 12), COMETS.passages, answerer.facts, RetrievalSettings())
    assert any("Lindqvist" in s for s in query.named_here)
    assert not any("Heron" in s for s in query.named_here)  # the boat's story has no comet
    # must not fire: a question that says who names it needs the namer in the sentence
    query = answerer.query("What do astronomers in Oslo call the comet?")
    bm25 = scores(answerer.index, query)
    rerank(query, bm25, top(bm25, 12), COMETS.passages, answerer.facts, RetrievalSettings())
    assert not query.named_here


def test_named_it_is_not_read_through_the_story_s_details() -> None:
    """The noun only in the title (the details passage) does not make "named it" name it:
    "it" stands for what the story's paragraphs are about."""
    kb = KnowledgeBase.from_articles(
        [
            Article(
                "garden.md",
                "A garden project in Lund",
                "Outlet",
                "",
                None,
                (
                    "Volunteers planted an orchard of forty apple trees behind the school.",
                    "The children named it Little Eden, after a picture book.",
                ),
            )
        ]
    )
    answerer = Answerer(kb, RetrievalSettings())
    query = answerer.query("What is the garden project called?")
    bm25 = scores(answerer.index, query)
    rerank(query, bm25, top(bm25, 12), kb.passages, answerer.facts, RetrievalSettings())
    assert not query.named_here
    orchard = answerer.query("What is the orchard called?")
    bm25 = scores(answerer.index, orchard)
    rerank(orchard, bm25, top(bm25, 12), kb.passages, answerer.facts, RetrievalSettings())
    assert any("Little Eden" in s for s in orchard.named_here)
