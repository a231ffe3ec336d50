"""A person named in full once and by one part after ("Ingrid Lund ... Lund said"): the
later sentence counts as naming the whole person. Made-up articles, not from any set."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot import name_parts
from bot.answering import Answerer
from bot.answering.facts import passage_facts
from bot.config import RetrievalSettings
from bot.knowledge import Article, KnowledgeBase
from bot.name_parts import full_names, implied
from bot.text import analyze


def _article(*paragraphs: str) -> Article:
    return Article("a.md", "Story", "Outlet", "", None, paragraphs)


FERRY = _article(
    "Ingrid Lund, a ferry captain from Tromsø, has retired after forty years at sea.",
    "Lund was born in Bergen and first sailed at sixteen.",
    "Her last crossing ended at the Kennedy Space Center pier, and the Johnson Space Center "
    "sent a card.",
)


def test_a_full_name_is_known_by_its_last_word() -> None:
    names = full_names(FERRY)
    assert names["lund"] == frozenset({"ingrid"})
    # "Space Center" ends two different names: it implies neither
    assert "center" not in names


def test_a_last_word_standing_alone_implies_the_first_name() -> None:
    names = full_names(FERRY)
    terms = frozenset(analyze("Lund was born in Bergen"))
    assert "ingrid" in implied("Lund was born in Bergen", terms, names)


def test_no_implication_inside_another_name_or_in_lower_case() -> None:
    names = {"intern": frozenset({"amnesti"})}  # as if "Amnesty International" were written
    text = "International Criminal Court judges met on Monday."
    assert "amnesti" not in implied(text, frozenset(analyze(text)), names)
    text = "The lund is a small bird."  # no capital: a word, not the person
    assert implied(text, frozenset(analyze(text)), {"lund": frozenset({"ingrid"})}) == frozenset(
        analyze(text)
    )


def test_the_later_passage_answers_a_question_with_the_first_name() -> None:
    knowledge = KnowledgeBase.from_articles([FERRY])
    born = next(p for p in knowledge.passages if "born" in p.text)
    assert "ingrid" in passage_facts(born).terms
    answer = Answerer(knowledge, RetrievalSettings()).answer("Where was Ingrid born?")
    assert answer.best is not None and "Bergen" in answer.best.passage.text


def test_switched_off_the_later_passage_holds_only_its_own_words() -> None:
    knowledge = KnowledgeBase.from_articles([FERRY])
    born = next(p for p in knowledge.passages if "born" in p.text)
    assert "ingrid" not in passage_facts(born, name_parts=False).terms


def test_a_day_starting_the_sentence_is_no_first_name() -> None:
    article = _article(
        "Ingrid Lund, a ferry captain, has retired.", "Yesterday Lund said goodbye to the crew."
    )
    assert full_names(article)["lund"] == frozenset({"ingrid"})  # not ambiguous with "yesterday"
    # but two different people of one surname stay ambiguous
    both = _article("Ingrid Lund and her brother Nils Lund sailed.", "Lund said it was hard.")
    assert "lund" not in full_names(both)


_CAPITALS = "".join(c for c in map(chr, range(0x10000)) if c.isupper() and c.isalpha())
_CAPITAL = rf"[{re.escape(_CAPITALS)}][^\W\d_]*(?:['’][^\W\d_]+)*"
# The definitions: a capitalised word not preceded by a word character, an apostrophe or a
# hyphen, then more of them separated by spaces or tabs (name_parts matches the first
# capital before looking behind it, for speed).
PLAIN_RUN = re.compile(rf"(?<![\w'’-]){_CAPITAL}(?:[ \t]+{_CAPITAL})*(?![\w'’-])")
PLAIN_RUNS = re.compile(rf"(?<![\w'’-]){_CAPITAL}(?:[ \t]+{_CAPITAL})+(?![\w'’-])")


@given(
    st.lists(
        st.sampled_from(
            ["Lund", "lund", "Ó", "É'A", "Mc", "'s", "’", "-", " ", "\t", "\n", "1", "_", "x"]
        ),
        max_size=14,
    )
)
def test_runs_of_capitals_are_the_plain_patterns_runs(parts: list[str]) -> None:
    text = "".join(parts)
    for fast, plain in ((name_parts._RUN, PLAIN_RUN), (name_parts._RUNS, PLAIN_RUNS)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(st.text(max_size=30))
def test_runs_of_capitals_in_any_text(text: str) -> None:
    for fast, plain in ((name_parts._RUN, PLAIN_RUN), (name_parts._RUNS, PLAIN_RUNS)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


# The definitions name_parts starts from their first letter, for speed.
PLAIN_DEFINITE = re.compile(r"\b[Tt]he ([a-z]+)\b")
PLAIN_APPOSITION = re.compile(
    r"\b(?i:the|a|an|its|their|his|her|our)\s+(?:[\w'’-]+\s+){0,2}?([a-z]+), "
    rf"((?<![\w'’-]){_CAPITAL}(?:[ \t]+{_CAPITAL})*)(?=[,.;:])"
)
PLAIN_APPOSITION_END = re.compile(
    rf", (?<=[a-z], )(?<![\w'’-]){_CAPITAL}(?:[ \t]+{_CAPITAL})*(?=[,.;:])"
)
OTHER_PARTS = ["ship", "x", "Ara", "Norsk", "'", "-", "_", "1", " ", "  ", "\t", ",", ", ", "."]
OTHER_PARTS += [";", "é", "the ship, Ara.", "Ara’s", "'s", "É'A"]
DETERMINER_PARTS = ["the", "The", "THEIR", "a", "An", "its", "İts", "ıts", "his", "Her", "our"]


@given(
    st.lists(
        st.sampled_from([*DETERMINER_PARTS, *OTHER_PARTS]),
        max_size=16,
    )
)
def test_the_apposition_and_definite_patterns_are_the_plain_ones(parts: list[str]) -> None:
    text = "".join(parts)
    for fast, plain in (
        (name_parts._APPOSITION, PLAIN_APPOSITION),
        (name_parts._APPOSITION_END, PLAIN_APPOSITION_END),
        (name_parts._DEFINITE, PLAIN_DEFINITE),
    ):
        assert [m.groups() for m in fast.finditer(text)] == [
            m.groups() for m in plain.finditer(text)
        ]
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(st.text(max_size=40))
def test_the_apposition_and_definite_patterns_in_any_text(text: str) -> None:
    for fast, plain in (
        (name_parts._APPOSITION, PLAIN_APPOSITION),
        (name_parts._APPOSITION_END, PLAIN_APPOSITION_END),
        (name_parts._DEFINITE, PLAIN_DEFINITE),
    ):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


# A made-up story (not from any set): a thing named by apposition, then called by its noun.
BARGE = _article(
    "Harbour workers have towed the rusting grain barge, Old Mathilde, out of the river mouth.",
    "In a statement, Governor Elsa Brandt thanked the crews.",
    "The barge had drifted for two days before tugs reached it on Friday.",
    "A second vessel, the dredger Kestrel, and a tanker, Norsk Ara, stayed in port.",
)


def test_a_name_introduced_by_apposition_is_what_the_noun_later_refers_to() -> None:
    names = full_names(BARGE)
    assert names[name_parts.NOUN_KEY + "barg"] == frozenset({"old", "mathild"})
    text = "The barge had drifted for two days before tugs reached it on Friday."
    assert {"old", "mathild"} <= implied(text, frozenset(analyze(text)), names)
    knowledge = KnowledgeBase.from_articles([BARGE])
    answer = Answerer(knowledge, RetrievalSettings()).answer("How long did Old Mathilde drift?")
    assert answer.best is not None and "two days" in answer.best.passage.text


def test_no_apposition_from_an_opening_phrase_nor_from_a_noun_of_two_names() -> None:
    names = full_names(BARGE)
    # "In a statement, Governor Elsa Brandt thanked ...": the name goes on into its clause
    assert name_parts.NOUN_KEY + "statement" not in names
    # must not fire: "a barge" without "the" is another barge; an unknown noun implies nothing
    text = "A barge sank near the bridge."
    assert implied(text, frozenset(analyze(text)), names) == frozenset(analyze(text))
    text = "The tanker left on Monday."  # "a tanker, Norsk Ara" -> the tanker is Norsk Ara
    assert {"norsk", "ara"} <= implied(text, frozenset(analyze(text)), names)
    two = _article("The ferry, Nordlys, met the ferry, Polarlys.", "The ferry was late.")
    assert name_parts.NOUN_KEY + "ferri" not in full_names(two)  # which ferry: neither


END_PARTS = ["Mathilde", "Old Mathilde", ", ", ":", ";", "’s", "İ"]


@given(st.lists(st.sampled_from([*DETERMINER_PARTS, *OTHER_PARTS, *END_PARTS]), max_size=16))
def test_a_paragraph_without_an_appositions_end_has_no_apposition(parts: list[str]) -> None:
    """A build searches the apposition only where its end (`noun, Name` and punctuation) is:
    that search must find every paragraph the pattern matches in."""
    text = "".join(parts)
    if name_parts._APPOSITION.search(text):
        assert name_parts._APPOSITION_END.search(text), repr(text)


def test_an_appositions_end_examples() -> None:
    """Made-up: each punctuation that may end an apposition's name, and text without one."""
    for end in ",.;:":
        text = f"Tugs towed their old barge, Old Mathilde{end} home"
        assert name_parts._APPOSITION.search(text) and name_parts._APPOSITION_END.search(text)
    # must not fire: the name goes on into its clause, or no noun precedes the comma
    assert not name_parts._APPOSITION_END.search("In a statement, Governor Elsa Brandt said.")
    assert not name_parts._APPOSITION_END.search("They met in 1990, Old Mathilde.")


def test_the_noun_after_the_is_read_only_where_the_article_introduced_one() -> None:
    """An article that names nothing by apposition has no noun to look up after "the": its
    table says so, and `implied` reads the same with it as with the plain table."""
    assert full_names(BARGE).nouns  # "the rusting grain barge, Old Mathilde,"
    assert not full_names(FERRY).nouns
    for article in (BARGE, FERRY):
        names = full_names(article)
        for text in (*article.paragraphs, "The barge and the tanker met Lund."):
            terms = frozenset(analyze(text))
            assert implied(text, terms, names) == implied(text, terms, dict(names)), text
    # must fire with the table of an article with an apposition, and not with one without
    text = "The barge had drifted."
    assert {"old", "mathild"} <= implied(text, frozenset(), full_names(BARGE))
    assert implied(text, frozenset(), full_names(FERRY)) == frozenset()
