"""/stats for admins: the question log's report as a message, and its chart as a photo."""

from __future__ import annotations

import asyncio
import time

from telegram import Bot

from bot.charts import render_png
from bot.errors import excerpt
from bot.render_admin import ITEM_CHARS, bounded, esc, quoted
from bot.state import Rated, State
from bot.stats import Gap, Period, Report, date_text, outline, percent, report, worst_line

CAPTION = "Questions per day, answered and declined, and the top content gaps."


class HtmlStyle:
    """The report as Telegram HTML: names and questions escaped and cut."""

    gaps_heading = "<b>Most asked questions the articles don’t answer:</b>"
    worst_heading = "<b>Worst rated answers:</b>"

    def title(self, since: float | None) -> str:
        first = "no questions yet" if since is None else date_text(since)
        return f"<b>Questions</b> (first: {first})"

    def period(self, period: Period) -> str:
        return (
            f"{period.label.capitalize()}: {period.total} asked, {period.answered} answered"
            f" ({percent(period.answered_share)}), {period.declined} declined"
        )

    def latency(self, shown: str) -> str:
        return f"Time to answer (last week): {shown}"

    def gap(self, number: int, gap: Gap) -> str:
        return f"{number}. {quoted(gap.question)} — {gap.times}×"

    def worst(self, number: int, rated: Rated) -> str:
        return f"{number}. {esc(excerpt(worst_line(rated), ITEM_CHARS))}"


def stats_html(data: Report) -> str:
    return bounded(outline(data, HtmlStyle()))


async def send_stats(bot: Bot, chat_id: int, state: State) -> None:
    """The report, then the chart (drawn off the event loop: it takes a few hundred ms)."""
    data = await state.run(report, state, time.time())  # after the writes handed to it
    await bot.send_message(chat_id, stats_html(data))
    picture = await asyncio.to_thread(render_png, data)
    await bot.send_photo(chat_id, picture, caption=CAPTION)
