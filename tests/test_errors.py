"""The project's error base: bounded messages, exit codes by class, short excerpts of input."""

from __future__ import annotations

from bot.config import ConfigError
from bot.content import ContentError
from bot.errors import MAX_MESSAGE, NewsbotError, excerpt, listed, shown
from bot.evaluate import EvalSetError
from bot.knowledge import ArticleError
from bot.store import CacheError


def test_excerpt_keeps_short_text_and_cuts_long_text_on_one_line() -> None:
    assert excerpt("The mayor  spoke\non Friday.") == "The mayor spoke on Friday."
    cut = excerpt("word " * 100, 20)
    assert len(cut) == 20 and cut.endswith("…") and "\n" not in cut


def test_shown_quotes_a_value_and_cuts_it() -> None:
    assert shown("ftp://x") == "'ftp://x'"
    assert shown(["a", 1]) == "['a', 1]"
    long = shown("y" * 6000)
    assert len(long) == 80 and long.startswith("'yyy") and long.endswith("…")


def test_listed_names_a_few_items_and_counts_the_rest() -> None:
    assert listed(["a", "b"]) == "a, b"
    keys = [f"key{n}" for n in range(600)]
    assert listed(keys) == "key0, key1, key2, key3, key4, key5, key6, key7 and 592 more"


def test_every_project_error_is_bounded_and_carries_its_exit_code() -> None:
    for kind, code in (
        (ConfigError, 2),
        (EvalSetError, 2),
        (ArticleError, 1),
        (ContentError, 1),
        (CacheError, 1),
    ):
        error = kind("bad " + "x" * 10_000)
        assert isinstance(error, NewsbotError) and isinstance(error, ValueError)
        assert error.exit_code == code
        assert len(str(error)) == MAX_MESSAGE
    assert str(ArticleError("short reason")) == "short reason"  # short messages untouched
