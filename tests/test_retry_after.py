"""Telegram's 429 wait, read the same whether python-telegram-bot gives int seconds or a
timedelta (PTB_TIMEDELTA), and without its deprecation warning once opted in."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.telegram.retry import retry_after_seconds, use_timedelta_periods


def test_a_timedelta_wait_is_read_in_seconds_without_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any deprecation warning fails the test
        exc = RetryAfter(dt.timedelta(seconds=7, milliseconds=500))
        assert retry_after_seconds(exc) == 7.5


def test_int_seconds_still_read_when_the_operator_opts_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "false")
    with pytest.warns(PTBDeprecationWarning):  # python-telegram-bot's own, in its constructor
        exc = RetryAfter(3)
        assert retry_after_seconds(exc) == 3.0


def test_opting_in_keeps_an_operators_own_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    use_timedelta_periods()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert retry_after_seconds(RetryAfter(2)) == 2.0
    monkeypatch.setenv("PTB_TIMEDELTA", "false")
    use_timedelta_periods()
    with pytest.warns(PTBDeprecationWarning):
        RetryAfter(2)
