"""Tuning values that used to be module constants come from the typed settings and reach
the code that uses them (examples are general English, not from any question set)."""

from __future__ import annotations

from bot.answering.analysis import analyse
from bot.answering.question import cues
from bot.rules import RuleSettings

LONG = "Who is the chief harbour safety engineer?"


def test_a_definition_target_is_at_most_max_target_words_long() -> None:
    assert analyse(LONG, RuleSettings()).target == ()  # four words: no definition target
    wider = RuleSettings(max_target_words=4)
    assert analyse(LONG, wider).target == ("chief", "harbour", "safety", "engineer")
    assert analyse("Who is Marisol?", RuleSettings(max_target_words=1)).target == ("marisol",)


def test_the_default_is_the_settings_default() -> None:
    assert cues("Who is the harbour engineer?").target == "harbour engineer"
    assert cues(LONG).target == ""
    assert cues(LONG, max_target_words=0).target == ""
    assert cues("Who is Marisol?", max_target_words=0).target == ""
