"""A candidate's kind and article are read from its row, and its text only when one of its
sentences' text is asked for (bot/answering/passage_rows.py): a saved index decompresses a
passage's text on demand, and re-ranking weighs most candidates by their terms alone."""

from __future__ import annotations

from pathlib import Path

from bot.answering import Answerer
from bot.answering.facts import Sentence
from bot.answering.passage_rows import (
    passage_article,
    passage_article_of,
    passage_articles,
    passage_shape,
)
from bot.store import load_or_build
from bot.stored import StoredPassages
from tests.conftest import MANY_ARTICLES


def test_the_row_tells_the_kind_and_article_as_the_passage_does(tmp_path: Path) -> None:
    load_or_build(MANY_ARTICLES, tmp_path / "cache")
    loaded = load_or_build(MANY_ARTICLES, tmp_path / "cache")
    stored = loaded.knowledge.passages
    assert isinstance(stored, StoredPassages)
    kinds = set()
    for passages in (stored, list(stored)):  # a saved index's rows, and plain passages
        for i, passage in enumerate(passages):
            kind, own_index_text = passage_shape(passages, i)
            assert (kind, own_index_text) == (passage.kind, passage.index_text != passage.text)
            assert passage_article_of(passages, i) is passage.article  # the very object
            kinds.add(kind)
            for j in (i - 1, i + 1):  # neighbours: the same article or the next one
                if 0 <= j < len(passages):
                    same = passage_article(passages, i) == passage_article(passages, j)
                    assert same == (passage.article.key == passages[j].article.key)
        every = list(range(len(passages)))
        assert passage_articles(passages, every) == [passage_article(passages, i) for i in every]
    assert kinds == {"body", "caption", "details"}


def test_a_candidates_text_is_read_when_a_sentence_text_is_asked_for(tmp_path: Path) -> None:
    load_or_build(MANY_ARTICLES, tmp_path / "cache")
    loaded = load_or_build(MANY_ARTICLES, tmp_path / "cache")
    answerer = Answerer(loaded.knowledge, postings=loaded.postings)
    passage = answerer.knowledge.passages[3]
    facts = answerer.facts[3]
    assert not any(_read(s) for s in facts.sentences)  # nothing read yet: terms and cues
    assert "".join(s.text for s in facts.sentences).replace(" ", "") == passage.text.replace(
        " ", ""
    )
    assert all(_read(s) for s in facts.sentences)  # read once, then kept


def _read(sentence: Sentence) -> bool:
    """Whether the sentence's text slot is set (without reading it)."""
    try:
        object.__getattribute__(sentence, "text")
    except AttributeError:
        return False
    return True


def test_a_sentence_given_a_reader_equals_one_given_its_text() -> None:
    reads: list[int] = []

    def read() -> str:
        reads.append(1)
        return "The pier held."

    lazy = Sentence(read, frozenset({"pier", "held"}), frozenset())
    plain = Sentence("The pier held.", frozenset({"pier", "held"}), frozenset())
    assert not reads
    assert lazy == plain and hash(lazy) == hash(plain)
    assert lazy != Sentence("The pier fell.", frozenset({"pier", "fell"}), frozenset())
    assert lazy.text == "The pier held." and reads == [1]
    assert lazy.text == "The pier held." and reads == [1]  # kept
