"""The admins' replies as Telegram HTML: what a reload changed, refusals, and the
escaping and cutting they share (a title, file name or reason is cut to ITEM_CHARS,
a report to REPORT_LIMIT)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.errors import MAX_MESSAGE, excerpt
from bot.library import ReloadReport
from bot.render import units

REPORT_LIMIT = 3800  # UTF-16 units of a report message (Telegram allows 4096)
ITEM_CHARS = 120  # a title, file name or reason longer than this is cut


def reload_summary(report: ReloadReport) -> str:
    """A reload in one log line."""
    return (
        f"{report.articles} article(s), {report.passages} passage(s) in {report.seconds:.1f} s; "
        f"+{len(report.added)} -{len(report.removed)} ~{len(report.changed)}, "
        f"{len(report.errors)} broken"
    )


def report_html(report: ReloadReport, serving: frozenset[str], *, heading: str = "") -> str:
    """What a reload changed and which files it skipped, as one message."""
    lines = [heading] if heading else []
    lines.append(
        f"<b>Reloaded in {report.seconds:.1f} s:</b> {report.articles} article(s), "
        f"{report.passages} passage(s)."
    )
    for label, titles in (
        ("Added", report.added),
        ("Removed", report.removed),
        ("Changed", report.changed),
    ):
        lines += [f"{label}: {quoted(t)}" for t in titles]
    if not (report.added or report.removed or report.changed):
        lines.append("No article changed.")
    if report.errors:
        lines.append(f"<b>Skipped {len(report.errors)} broken file(s):</b>")
    for error in report.errors:
        kept = " (its last good version is still served)" if error.path.name in serving else ""
        name, reason = excerpt(error.path.name, ITEM_CHARS), excerpt(error.reason, ITEM_CHARS)
        lines.append(f"• <code>{esc(name)}</code>: {esc(reason)}{kept}")
    if report.warnings:
        lines.append(f"<b>Loaded with {len(report.warnings)} warning(s):</b>")
    for warning in report.warnings:
        name, reason = excerpt(warning.path.name, ITEM_CHARS), excerpt(warning.reason, ITEM_CHARS)
        lines.append(f"• <code>{esc(name)}</code>: {esc(reason)}")
    return bounded(lines)


def folder_error_html(exc: Exception) -> str:
    """A reload that found no knowledge folder: what serves is kept."""
    reason = esc(excerpt(str(exc), 300))
    return f"The reload failed: {reason}. The previous content is still served."


def bounded(lines: Sequence[str], limit: int = REPORT_LIMIT) -> str:
    """Whole lines up to `limit` UTF-16 units, then how many were left out."""
    kept: list[str] = []
    size = 0
    for number, line in enumerate(lines):
        if size + units(line) + 1 > limit:
            kept.append(f"…and {len(lines) - number} more line(s).")
            break
        kept.append(line)
        size += units(line) + 1
    return "\n".join(kept)


def refused_html(reason: str) -> str:
    """An upload refused for `reason`, cut to a bounded excerpt (bot.errors)."""
    return f"Not added: {esc(sentence(excerpt(reason, MAX_MESSAGE)))} Nothing was changed."


def sentence(text: str) -> str:
    """`text` ending in a full stop unless it ends a sentence already."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def quoted(title: str) -> str:
    """A title (or question) in curly quotes, cut to ITEM_CHARS."""
    return f"“{esc(excerpt(title, ITEM_CHARS))}”"


def esc(text: str) -> str:
    return html.escape(text, quote=False)
