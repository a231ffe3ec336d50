"""The shipped word vectors (bot/word_vectors.py) and the soft match that reads them
(bot/answering/soft_match.py), on made-up words and sentences."""

from __future__ import annotations

import numpy as np

from bot.answering.soft_match import QuestionVectors, mean_cosine, soft_gain
from bot.text import term
from bot.word_vectors import WordVectors, vectors
from tests.answering_kit import facts, query, unit


def cosine(one: str, other: str) -> float:
    table = vectors()
    a, b = table.rows([term(one)]), table.rows([term(other)])
    return float(table.matrix[a[0]] @ table.matrix[b[0]])


def test_the_table_reads_from_its_bytes() -> None:
    data = b"# a notice\n# more\n@ 2 3\napple\npear\n" + bytes([127, 0, 0, 0, 129, 0])
    table = WordVectors(data)
    assert table.row == {"apple": 0, "pear": 1}
    assert table.rows(["pear", "plum", "apple"]) == [1, 0]
    assert np.allclose(table.matrix, [[1, 0, 0], [0, -1, 0]])


def test_the_shipped_table_is_unit_vectors_of_general_terms() -> None:
    table = vectors()
    assert len(table.row) > 10_000
    lengths = np.linalg.norm(table.matrix, axis=1)
    assert np.all(np.abs(lengths - 1) < 0.05)  # int8 rounding
    assert cosine("refused", "denied") > 0.6
    assert cosine("banana", "parliament") < 0.3


def test_an_unmatched_word_gains_its_closest_sentence_word() -> None:
    question = query(unit("refused", idf=2.0), unit("visa", idf=2.0))
    vectors_of = QuestionVectors(question)
    near = facts("The embassy denied the visa last week.")
    far = facts("The embassy printed the visa last week.")
    assert soft_gain(vectors_of, near, 0.6) > 0.3  # refused ~ denied, half the question
    assert soft_gain(vectors_of, far, 0.6) == 0.0  # printed, embassy, week: none above 0.6


def test_a_matched_sentence_gains_nothing() -> None:
    question = query(unit("refused", idf=2.0), unit("visa", idf=2.0))
    held = facts("The embassy refused the visa.")
    assert soft_gain(QuestionVectors(question), held, 0.6) == 0.0


def test_the_mean_vectors_are_closer_for_the_same_topic() -> None:
    question = QuestionVectors(query(unit("election"), unit("votes")))
    polls = facts("The candidate won the ballot with most of the seats.")
    food = facts("The recipe needs butter and flour.")
    assert mean_cosine(question, polls, 0.0) > mean_cosine(question, food, 0.0)
    assert mean_cosine(question, food, 0.9) == 0.0  # below the floor: nothing
