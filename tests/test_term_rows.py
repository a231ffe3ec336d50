"""Re-ranking's candidates read from the stored term-id arrays (bot/answering/term_rows.py)
weigh exactly what their `PassageFacts` weigh: for every body passage of three knowledge
folders, built in this process and read from a saved index (the default layout and the
compact one, whose ids are split), with and without the surname rule, each unit's held
weight, every feature and the highlighted sentence are the same floats and texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.answering.highlight import best_row_sentence, best_sentence
from bot.answering.parts import Parts
from bot.answering.passage_rows import passage_shape
from bot.answering.ranking import asks, features, row_features
from bot.answering.term_rows import candidate_rows, rows_of
from bot.bench_corpus import new_questions
from bot.config import RetrievalSettings
from bot.knowledge import load_folder
from bot.memo import Lazy
from bot.rules import RuleSettings
from bot.store import load_or_build
from tests.conftest import KNOWLEDGE, MANY_ARTICLES, SHARED

FOLDERS = [KNOWLEDGE, MANY_ARTICLES, SHARED / "eval" / "news" / "articles"]

# made-up questions of every answer type (numbers and dates read the sentences' cues,
# people and quoted names their texts), and a word no passage holds
WRITTEN = [
    "How many people were killed in the attack?",
    "When did the ministry announce the new rules?",
    "Who is the president of the company?",
    "Where did the storm hit first?",
    "How much did the new bridge cost?",
    "What did the spokesman say about the talks?",
    "Why did the council close the school?",
    "Who is the minister?",
    "What is the name of the ship?",
    "How many kilometres long is the road?",
    "zzqx flibber",
]


def _answerers(folder: Path, tmp_path: Path, name_parts: bool) -> list[Answerer]:
    settings = RetrievalSettings(rules=RuleSettings(name_parts=name_parts))
    built = Answerer(load_folder(folder), settings)
    found = [built]
    for compact in (False, True):
        cache = tmp_path / f"cache-{compact}"
        load_or_build(folder, cache, compact=compact)
        loaded = load_or_build(folder, cache, compact=compact)
        assert loaded.from_cache
        found.append(Answerer(loaded.knowledge, settings, loaded.postings))
    return found


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
@pytest.mark.parametrize("name_parts", [True, False])
def test_rows_weigh_what_the_facts_weigh(folder: Path, name_parts: bool, tmp_path: Path) -> None:
    for answerer in _answerers(folder, tmp_path, name_parts):
        table, settings = answerer.table, answerer.settings
        assert table is not None
        passages = answerer.knowledge.passages
        texts = [passages[i].text for i in range(len(passages))]
        questions = [*WRITTEN, *new_questions(texts)[:40]]
        plain = [i for i in range(len(passages)) if table.plain(i)]
        assert len(plain) > len(passages) // 2  # the body passages
        checked = 0
        for question in questions:
            query = answerer.query(question)
            asked = asks(query, settings)
            for start in range(0, len(passages), 12):  # candidates in groups, as re-ranked
                group = list(range(start, min(start + 12, len(passages))))
                rows = candidate_rows(table, query, group, passages)
                assert sorted(rows) == [i for i in group if table.plain(i)]
                for i, row in rows.items():
                    facts = answerer.facts[i]
                    kind = passage_shape(passages, i)[0]
                    assert row.held == query.held(facts.terms), (question, i)
                    assert row.size == len(facts.sentences)
                    expected = features(query, facts, kind, 1.5, settings, asked)
                    found = row_features(query, row, table, kind, 1.5, settings, asked)
                    assert found == expected, (question, i)
                    shown = best_row_sentence(query, row, table, passages[i], settings.rules)
                    if shown is not None:
                        assert shown == best_sentence(query, facts, passages[i], settings.rules)
                    checked += 1
        assert checked >= len(questions) * len(plain)


def test_rows_hold_each_sentence_holding_a_question_word(tmp_path: Path) -> None:
    """A sentence's row lists the units of the question words it holds, at their weights,
    and only the sentences that hold one."""
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: Harbour works\nsource: The Test Times\npublished: 2020-05-01\n---\n"
        "The harbour opened in May. Boats came from the north. The harbour master, "
        "Ann Oakes, counted 40 boats.\n"
    )
    answerer = Answerer(load_folder(folder))
    assert answerer.table is not None
    query = answerer.query("How many boats reached the harbour?")
    rows = candidate_rows(answerer.table, query, [0, 1], answerer.knowledge.passages)
    body = next(i for i, p in enumerate(answerer.knowledge.passages) if p.kind == "body")
    row = rows[body]
    words = [u.word for u in query.units]
    harbour, boats = words.index("harbour"), words.index("boats")
    assert [k for k, _ in row.sentences] == [0, 1, 2]  # "Boats" in the second
    assert row.sentences[0][1][harbour] == 1.0 and row.sentences[0][1][boats] == 0.0
    assert row.sentences[1][1][boats] == 1.0 and row.sentences[1][1][harbour] == 0.0
    assert row.held[harbour] == row.held[boats] == 1.0
    none = answerer.query("What did the council decide?")
    empty = candidate_rows(answerer.table, none, [body], answerer.knowledge.passages)[body]
    assert empty.sentences == [] and not any(empty.held)


def test_a_word_after_sentences_holding_no_term_is_in_its_own_sentence(tmp_path: Path) -> None:
    """A sentence of stopwords alone holds no term id (its bounds equal the next one's): the
    ids after it belong to the sentence they are in, past every empty one, not to the first
    empty one after the last word found."""
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: Harbour works\nsource: The Test Times\npublished: 2020-05-01\n---\n"
        "The harbour opened in May. It was so. And then it was. Boats came from the north.\n"
    )
    answerer = Answerer(load_folder(folder))
    assert answerer.table is not None
    passages = answerer.knowledge.passages
    body = next(i for i, p in enumerate(passages) if p.kind == "body")
    facts = answerer.facts[body]
    assert [bool(s.terms) for s in facts.sentences] == [True, False, False, True]
    query = answerer.query("How many boats reached the harbour?")
    row = candidate_rows(answerer.table, query, [body], passages)[body]
    boats = [u.word for u in query.units].index("boats")
    assert [k for k, _ in row.sentences] == [0, 3]
    assert row.sentences[1][1][boats] == 1.0


def test_candidates_whose_facts_are_kept_are_weighed_from_them() -> None:
    """`rows_of` reads the arrays only when the facts cannot all be kept, and then only for
    the candidates whose facts are not kept (those are cheaper to weigh); nothing for a
    question that names something ("What is X called?"): its rule reads every candidate's
    sentences."""
    answerer = Answerer(load_folder(MANY_ARTICLES))
    passages, settings, table = answerer.knowledge.passages, answerer.settings, answerer.table
    assert table is not None
    body = [i for i in range(len(passages)) if passages[i].kind == "body"][:12]
    query = answerer.query("How many people fled the city?")
    assert rows_of(query, body, passages, table, settings, answerer.facts) == {}  # all fit
    facts = Lazy(len(passages), table.__getitem__, maxsize=8)
    _ = facts[body[0]], facts[body[1]]
    rows = rows_of(query, body, passages, table, settings, facts)
    assert sorted(rows) == body[2:]
    naming = answerer.query("What is the war called?")
    assert rows_of(naming, body, passages, table, settings, facts) == {}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_answers_weighed_from_the_arrays_are_the_answers(folder: Path, tmp_path: Path) -> None:
    """The whole answer path with a facts cache too small to keep every passage's (as on a
    large index: re-ranking reads the arrays, the alternatives' sentences too) answers every
    question as the answerer that weighs every candidate's facts: the same passages, scores,
    sentences, short answers and declines."""
    for answerer in _answerers(folder, tmp_path, name_parts=True):
        table = answerer.table
        assert table is not None
        passages = answerer.knowledge.passages
        small = Parts(
            answerer.index, answerer.vocabulary, Lazy(len(passages), table.__getitem__, 8), table
        )
        rows = Answerer(answerer.knowledge, answerer.settings, parts=small)
        texts = [passages[i].text for i in range(len(passages))]
        for question in [*WRITTEN, *new_questions(texts)[:60]]:
            assert rows.answer(question) == answerer.answer(question), question


def test_parts_given_one_table_forget_its_records_too() -> None:
    """`Parts` made with its `table` alone (as the test above makes them) name it among the
    `tables` whose kept records `Answerer.forget` drops: with `tables` left empty, forget()
    kept them, and a question "asked as new" read them from memory."""
    answerer = Answerer(load_folder(KNOWLEDGE), RetrievalSettings())
    table = answerer.table
    assert table is not None
    passages = answerer.knowledge.passages
    parts = Parts(
        answerer.index, answerer.vocabulary, Lazy(len(passages), table.__getitem__, 8), table
    )
    assert parts.tables == (table,)
    assert Parts(answerer.index, answerer.vocabulary, parts.facts).tables == ()  # no table
    again = Answerer(answerer.knowledge, answerer.settings, parts=parts)
    record = table.record(0)
    assert table.record(0) is record  # kept until forget()
    again.forget()
    assert table.record(0) is not record  # read anew
