"""The admin messages: reload reports and stats fit one Telegram message and escape everything."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import FileError
from bot.library import ReloadReport
from bot.render_admin import bounded, refused_html, report_html
from tests.e2e.telegram_html import check_message_text, visible_text

HOSTILE = "<b>Tom & Jerry</b> 🐭" * 20


def report(**changes: object) -> ReloadReport:
    fields: dict[str, object] = {
        "added": (),
        "removed": (),
        "changed": (),
        "articles": 3,
        "passages": 40,
        "errors": (),
        "seconds": 1.234,
    }
    fields.update(changes)
    return ReloadReport(**fields)  # type: ignore[arg-type]


def test_report_lists_changes_and_broken_files() -> None:
    errors = (
        FileError(Path("a.md"), "not valid UTF-8 text (byte 3)"),
        FileError(Path("b.md"), "x"),
    )
    text = visible_text(
        report_html(report(added=("New",), changed=("Old",), errors=errors), frozenset({"b.md"}))
    )
    assert text.splitlines() == [
        "Reloaded in 1.2 s: 3 article(s), 40 passage(s).",
        "Added: “New”",
        "Changed: “Old”",
        "Skipped 2 broken file(s):",
        "• a.md: not valid UTF-8 text (byte 3)",
        "• b.md: x (its last good version is still served)",
    ]
    assert "No article changed." in report_html(report(), frozenset())


def test_huge_hostile_reports_stay_one_valid_message() -> None:
    errors = tuple(FileError(Path(f"{HOSTILE}{n}.md"), HOSTILE) for n in range(500))
    titles = tuple(f"{HOSTILE}{n}" for n in range(500))
    html = report_html(report(added=titles, removed=titles, errors=errors), frozenset())
    assert check_message_text(html, "HTML") == ""
    shown = visible_text(html)
    assert "<b>Tom & Jerry</b>" in shown  # shown as typed, not as markup
    assert shown.endswith("more line(s).")


def test_bounded_keeps_whole_lines() -> None:
    assert bounded(["aaaa", "bbbb", "cccc"], limit=10) == "aaaa\nbbbb\n…and 1 more line(s)."
    assert bounded(["a", "b"], limit=10) == "a\nb"


def test_a_refusal_is_bounded_whatever_its_reason() -> None:
    assert refused_html("the file is empty") == "Not added: the file is empty. Nothing was changed."
    long = refused_html("Telegram says: " + "<x> " * 3000)  # escaping grows it up to 4x
    assert len(long) < 2500 and long.endswith("Nothing was changed.")
