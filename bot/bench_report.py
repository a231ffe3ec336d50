"""The benchmark's tables (``python -m bot bench``, bot/bench.py): one row per size,
and the side-by-side comparison with the other engines (``--engines``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot import engines


@dataclass
class Row:
    size: str
    values: dict[str, Any] = field(default_factory=dict)


COLUMNS = [
    ("passages", "passages", "{:,}"),
    ("build_s", "build s", "{:.1f}"),
    ("peak_mib", "peak RSS MiB", "{:,.0f}"),
    ("disk_mib", "saved index MiB", "{:,.1f}"),
    ("start_s", "start (saved) s", "{:.2f}"),
    ("p50", "answer p50 ms", "{:.2f}"),
    ("p95", "p95 ms", "{:.2f}"),
    ("p99", "p99 ms", "{:.2f}"),
    ("qps", "q/s (1 core)", "{:,.0f}"),
    ("repeat_p50", "repeated p50 ms", "{:.2f}"),
    ("core_p50", "BM25 top 10 p50 ms", "{:.2f}"),
    ("core_p99", "BM25 top 10 p99 ms", "{:.2f}"),
    ("saved_path_p50", "BM25 with alternatives p50 ms", "{:.2f}"),
    ("saved_path_p99", "BM25 with alternatives p99 ms", "{:.2f}"),
    ("reference_p50", "rank-bm25 p50 ms", "{:.1f}"),
    ("reload_p99", "p99 during reload ms", "{:.2f}"),
    ("live_add_s", "live add s", "{:.2f}"),
    ("live_remove_s", "live remove s", "{:.2f}"),
    ("live_scan_s", "live via /reload s", "{:.2f}"),
    ("live_max_ms", "slowest answer during live adds ms", "{:.1f}"),
]


def format_engines(rows: Sequence[Row]) -> str:
    """Side by side with the other engines: latency on new questions (wall and this thread's
    CPU), start, disk, memory, and the bot's ratio to each (above 1: slower or bigger). The
    bot's BM25 core is its top 10 found the way `answer()` finds its candidates."""
    lines = [
        "| size | engine | p50 ms | p99 ms | CPU p50 ms | start s | build s | on disk MiB"
        " | serving MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        v = row.values
        ours = ("newsbot answer()", v.get("p50"), v.get("p99"), v.get("cpu_p50"), v.get("start_s"))
        sizes = v.get("build_s"), v.get("disk_mib"), v.get("start_peak_mib")
        lines.append(_engine_line(row.size, *ours, *sizes))
        core = v.get("core_p50"), v.get("core_p99"), v.get("core_cpu_p50")
        lines.append(_engine_line(row.size, "newsbot BM25 top 10", *core, None, None, None, None))
        if "saved_p50" in v:  # from the saved index, as a restarted bot serves
            saved = ("newsbot answer(), saved index", v["saved_p50"], v["saved_p99"], None, None)
            private = v.get("serving_private_mib")
            lines.append(_engine_line(row.size, *saved, None, None, v.get("serving_rss_mib")))
            if private is not None:
                mine = ("newsbot serving memory of its own (RssAnon)", None, None, None, None)
                lines.append(_engine_line(row.size, *mine, None, None, private))
            path, other = ("MaxScore", "dense") if v["pruned"] else ("dense", "MaxScore")
            keys = ("p50", "p99", "cpu_p50")
            ours = (f"newsbot BM25 top 10, saved ({path})", *(v[f"saved_core_{k}"] for k in keys))
            lines.append(_engine_line(row.size, *ours, None, None, None, None))
            forced = (f"… {other} forced", *(v[f"other_{k}"] for k in keys))
            lines.append(_engine_line(row.size, *forced, None, None, None, None))
            if "saved_path_p50" in v:
                alternatives = "newsbot BM25 with the question's alternatives (answer()'s)"
                own = (alternatives, *(v[f"saved_path_{k}"] for k in keys))
                lines.append(_engine_line(row.size, *own, None, None, None, None))
        for name in engines.ENGINES:
            if f"{name}_p50" not in v:
                continue
            own = ("p50", "p99", "cpu_p50", "start_s", "build_s", "disk_mib", "serving_mib")
            lines.append(_engine_line(row.size, name, *(v.get(f"{name}_{k}") for k in own)))
            lines.append(f"| {row.size} | ratio | {_ratios(v, name)} | | | | | | |")
    return "\n".join(lines)


def _ratios(v: dict[str, Any], name: str) -> str:
    """The bot's p50s over an engine's: its BM25 top 10 (from the saved index when measured,
    as the engine's), wall and CPU, and its whole answer."""
    core = "saved_core" if "saved_core_p50" in v else "core"
    found = [f"BM25 top 10 {v[f'{core}_p50'] / v[f'{name}_p50']:.2f}x"]
    if v.get(f"{core}_cpu_p50") and v.get(f"{name}_cpu_p50"):
        found.append(f"CPU {v[f'{core}_cpu_p50'] / v[f'{name}_cpu_p50']:.2f}x")
    found.append(f"answer() {v['p50'] / v[f'{name}_p50']:.1f}x")
    return ", ".join(found) + f" {name}'s p50"


def _engine_line(size: str, name: str, *values: float | None) -> str:
    cells = ["—" if x is None else f"{x:,.3g}" if x < 100 else f"{x:,.0f}" for x in values]
    return f"| {size} | {name} | " + " | ".join(cells) + " |"


def format_table(rows: Sequence[Row]) -> str:
    header = "| size | " + " | ".join(title for _, title, _ in COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 1)]
    for row in rows:
        cells = [
            fmt.format(row.values[key]) if row.values.get(key) is not None else "—"
            for key, _, fmt in COLUMNS
        ]
        lines.append(f"| {row.size} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
