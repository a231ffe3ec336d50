"""The English word-frequency prior: the shipped list and the IDF it gives."""

from __future__ import annotations

import math

import pytest

from bot.frequency import PASSAGE_WORDS, background_idf, zipf_values


def test_the_list_ships_with_the_package_and_holds_common_words_only() -> None:
    values = zipf_values()
    assert len(values) > 5000
    assert min(values.values()) >= 4.0
    assert values["the"] > values["need"] > values["electricity"]


def test_common_words_get_a_low_idf_and_rare_ones_none() -> None:
    need, electricity = background_idf("need"), background_idf("electricity")
    assert need is not None and electricity is not None
    assert need < math.log(101) < electricity  # below a 100-passage folder's rarest word
    assert background_idf("zelenskiy") is None  # names and rare words keep the folder's IDF


def test_the_idf_is_that_of_a_passage_of_ordinary_english() -> None:
    """-log P(a passage of PASSAGE_WORDS words holds the word), by its Zipf frequency."""
    zipf = zipf_values()["need"]
    share = 1 - (1 - 10 ** (zipf - 9)) ** PASSAGE_WORDS
    assert background_idf("need") == pytest.approx(-math.log(share), rel=1e-3)
