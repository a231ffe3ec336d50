"""Hand-made inputs for the answering rules: a question's units and analysis, and passages
of a few sentences, without a knowledge folder or an index."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.answering.analysis import Analysis, analyse, cue_set
from bot.answering.facts import PassageFacts, Sentence
from bot.answering.query import Query, Unit
from bot.answering.short_asked import Asking
from bot.cues import cues_in
from bot.knowledge import Article, KnowledgeBase, Passage
from bot.rules import RuleSettings
from bot.text import STOPWORDS, term, words


def unit(word: str, idf: float = 1.0, **others: float) -> Unit:
    """The unit of `word`, matching its own stem (weight 1) and `others` (stem -> weight);
    an unknown word (no article holds it) with `unknown=0`."""
    if others.pop("unknown", None) is not None:
        return Unit(word, {}, idf)
    return Unit(word, {term(word): 1.0, **others}, idf)


def query(*units: Unit, **analysis: Any) -> Query:
    """A query of `units`, its analysis holding their words and the given fields, and the
    cue set they make (as `analyse` makes it)."""
    made = Analysis(words=tuple(u.word for u in units), **analysis)
    if "cue_set" not in analysis:
        units_asked = made.required.units is not None
        made = made._replace(
            cue_set=cue_set(made.answer_type, units_asked, made.money, made.required.any_unit)
        )
    return Query(units, made)


def sentence(text: str) -> Sentence:
    return Sentence(
        text, frozenset(term(w) for w in words(text) if w not in STOPWORDS), cues_in(text)
    )


def facts(*texts: str) -> PassageFacts:
    """A passage of these sentences."""
    sentences = tuple(sentence(t) for t in texts)
    document = tuple(term(w) for t in texts for w in words(t) if w not in STOPWORDS)
    return PassageFacts(frozenset(document), document, sentences)


def article(key: str = "a", published: dt.date | None = None, **fields: Any) -> Article:
    return Article(key, f"Title {key}", "Outlet", "", published, (), **fields)


def passage(
    text: str, kind: str = "body", paragraph: int = 1, of: Article | None = None
) -> Passage:
    return Passage(of or article(), paragraph, text, kind)


def asking(question: str) -> Asking:
    """What the short answer reads of `question`, as its analysis reads it."""
    short = analyse(question, RuleSettings()).short
    assert short is not None  # short answers are on by default
    return short


def one_article(
    title: str, *paragraphs: str, key: str = "a", outlet: str = "test"
) -> KnowledgeBase:
    """A knowledge base of one article, for tests that need passages of their own."""
    return KnowledgeBase.from_articles([Article(key, title, outlet, "", None, paragraphs)])
