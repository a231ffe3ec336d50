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
LABEL_CHARS = 34  # a gap's wording is wrapped at this width, two lines at most


def render_png(report: Report) -> bytes:
    """The chart as PNG bytes."""
    plt.rcParams.update({"font.size": 15, "axes.titlesize": 19, "axes.titleweight": "bold"})
    figure, (days, gaps) = plt.subplots(
        2, 1, figsize=(WIDTH, HEIGHT), dpi=DPI, gridspec_kw={"height_ratios": [1, 1.2]}
    )
    try:
        _per_day(days, report)
        _gaps(gaps, report)
        figure.tight_layout(pad=1.2, h_pad=2.0)
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
    axes.set_title(f"Questions per day{share}")
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
    step = max(1, len(labels) // 6)  # at most about seven dates under the bars
    axes.set_xticks(list(positions)[::step], labels[::step])
    axes.legend(loc="upper left", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))


def _gaps(axes: Axes, report: Report) -> None:
    axes.set_title("Top questions the articles don't answer")
    gaps = report.gaps[:GAPS_SHOWN]
    if not gaps:
        axes.text(
            0.5, 0.5, "No declined questions", ha="center", va="center", transform=axes.transAxes
        )
        axes.set_axis_off()
        return
    labels = [_label(gap.question) for gap in gaps]
    counts = [gap.times for gap in gaps]
    positions = list(range(len(gaps)))[::-1]  # the most frequent on top
    axes.barh(positions, counts, color=DECLINED)
    axes.set_yticks(positions, labels, fontsize=13)
    for y, count in zip(positions, counts, strict=True):
        axes.text(count, y, f" {count}", va="center", fontsize=14)
    axes.set_xticks([])
    axes.spines[["top", "right", "bottom"]].set_visible(False)


def _label(question: str) -> str:
    lines = textwrap.wrap(question, LABEL_CHARS)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LABEL_CHARS - 1] + "…"]
    return "\n".join(lines)
