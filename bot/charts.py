"""The /stats picture: questions per day (answered and declined) and the top content gaps.

matplotlib with the headless Agg backend. A tall figure with large type, so it
reads on a phone held upright: Telegram shows a photo at the screen's width.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: no display on a server

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from bot.stats import Report, percent

WIDTH, HEIGHT, DPI = 7.2, 10.0, 150  # inches: 1080 x 1500 pixels
ANSWERED, DECLINED = "#2a9d8f", "#e76f51"
GAPS_SHOWN = 6
LABEL_CHARS = 60  # a gap's wording is cut at this width


def render_png(report: Report) -> bytes:
    """The chart as PNG bytes."""
    plt.rcParams.update({"font.size": 15, "axes.titlesize": 19, "axes.titleweight": "bold"})
    figure, (days, gaps) = plt.subplots(
        2, 1, figsize=(WIDTH, HEIGHT), dpi=DPI, gridspec_kw={"height_ratios": [1, 1.2]}
    )
    try:
        _per_day(days, report)
        _gaps(gaps, report)
        figure.subplots_adjust(left=0.1, right=0.95, top=0.94, bottom=0.03, hspace=0.3)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)


def write_png(report: Report, path: Path) -> None:
    path.write_bytes(render_png(report))


def _per_day(axes: Axes, report: Report) -> None:
    total = report.periods[-1] if report.periods else None
    share = f", {percent(total.answered_share)} answered" if total and total.total else ""
    axes.set_title(f"Questions per day{share}", loc="left")
    if not report.per_day:
        axes.text(0.5, 0.5, "No questions yet", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return
    labels = [day[5:] for day, _, _ in report.per_day]  # MM-DD
    answered = [a for _, a, _ in report.per_day]
    declined = [d for _, _, d in report.per_day]
    positions = range(len(labels))
    axes.bar(positions, answered, color=ANSWERED, label="answered")
    axes.bar(positions, declined, bottom=answered, color=DECLINED, label="declined")
    step = -(-len(labels) // 4)  # at most four dates under the bars
    axes.set_xticks(list(positions)[::step], labels[::step])
    axes.legend(loc="upper left", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))


def _gaps(axes: Axes, report: Report) -> None:
    axes.set_title("Asked, not answered (top gaps)", loc="left")
    gaps = report.gaps[:GAPS_SHOWN]
    if not gaps:
        axes.text(
            0.5, 0.5, "No declined questions", ha="center", va="center", transform=axes.transAxes
        )
        axes.set_axis_off()
        return
    most = max(gap.times for gap in gaps)
    for slot, gap in enumerate(gaps):  # the most frequent on top, its wording above its bar
        y = GAPS_SHOWN - 1 - slot
        axes.barh(y - 0.2, gap.times, height=0.35, color=DECLINED)
        axes.text(gap.times, y - 0.2, f" {gap.times}", va="center")
        axes.text(0, y + 0.15, _label(gap.question), va="bottom", fontsize=13, linespacing=1.1)
    axes.set_xlim(0, most * 1.15)
    axes.set_ylim(-0.6, GAPS_SHOWN - 0.1)
    axes.set_axis_off()


def _label(question: str) -> str:
    return textwrap.shorten(question, LABEL_CHARS, placeholder="…")
