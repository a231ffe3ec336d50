"""A flooding user is told once and then ignored until the window passes; others are unaffected."""

from __future__ import annotations

from bot.limits import FloodGuard, Verdict


def test_flood_gets_one_notice_then_silence() -> None:
    guard = FloodGuard(limit=5, window=10.0)
    verdicts = [guard.check(1, now=n * 0.2) for n in range(50)]
    assert verdicts[:5] == [Verdict.ALLOW] * 5
    assert verdicts[5] == Verdict.NOTIFY
    assert set(verdicts[6:]) == {Verdict.DROP}
    assert guard.check(2, now=9.0) == Verdict.ALLOW  # another user is not held up
    assert 0 < guard.retry_after(1, now=9.0) <= 10.0


def test_window_slides() -> None:
    guard = FloodGuard(limit=2, window=10.0)
    assert guard.check(1, 0.0) == guard.check(1, 1.0) == Verdict.ALLOW
    assert guard.check(1, 2.0) == Verdict.NOTIFY
    assert guard.check(1, 10.5) == Verdict.ALLOW  # the first question left the window
    assert guard.check(1, 11.5) == Verdict.ALLOW
    assert guard.check(1, 12.0) == Verdict.NOTIFY  # a new flood gets a new notice


def test_memory_stays_bounded() -> None:
    guard = FloodGuard(limit=1, window=1.0, max_users=100)
    for user in range(10_000):
        guard.check(user, now=float(user))
    assert len(guard._times) <= 101
