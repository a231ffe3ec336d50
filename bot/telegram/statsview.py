"""/stats for admins: the question log's report as a message, and its chart as a photo."""

from __future__ import annotations

import asyncio
import time

from telegram import Bot

from bot.charts import render_png
from bot.errors import excerpt
from bot.render_admin import ITEM_CHARS, bounded, esc, quoted
from bot.state import State
from bot.stats import Report, percent, report, worst_line

CAPTION = "Questions per day, answered and declined, and the top content gaps."


def stats_html(data: Report) -> str:
    since = "no questions yet" if data.since is None else _date(data.since)
    lines = [f"<b>Questions</b> (first: {since})"]
    for period in data.periods:
        lines.append(
            f"{period.label.capitalize()}: {period.total} asked, {period.answered} answered"
            f" ({percent(period.answered_share)}), {period.declined} declined"
        )
    if data.latency_ms:
        shown = ", ".join(f"p{round(100 * s)} {ms:.0f} ms" for s, ms in data.latency_ms)
        lines.append(f"Time to answer (last week): {shown}")
    up, down = data.votes
    lines.append(f"Ratings: {up} 👍, {down} 👎")
    if data.gaps:
        lines.append("<b>Most asked questions the articles don’t answer:</b>")
        lines += [
            f"{n}. {quoted(gap.question)} — {gap.times}×" for n, gap in enumerate(data.gaps, 1)
        ]
    if data.worst:
        lines.append("<b>Worst rated answers:</b>")
        lines += [
            f"{n}. {esc(excerpt(worst_line(rated), ITEM_CHARS))}"
            for n, rated in enumerate(data.worst, 1)
        ]
    return bounded(lines)


async def send_stats(bot: Bot, chat_id: int, state: State) -> None:
    """The report, then the chart (drawn off the event loop: it takes a few hundred ms)."""
    data = await asyncio.to_thread(report, state, time.time())
    await bot.send_message(chat_id, stats_html(data))
    picture = await asyncio.to_thread(render_png, data)
    await bot.send_photo(chat_id, picture, caption=CAPTION)


def _date(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(at))
