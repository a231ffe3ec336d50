"""bench's live phase in small (bot/bench_live.py): every added article answers, and the
answers' wall time is split into their own CPU and the waiting."""

from __future__ import annotations

from pathlib import Path

from bot.bench_corpus import generate, source_sentences
from bot.bench_live import measure_live
from bot.store import load_or_build
from tests.conftest import KNOWLEDGE


def test_live_adds_answer_and_the_answers_time_is_split(tmp_path: Path) -> None:
    folder, cache = tmp_path / "kb", tmp_path / "cache"
    generate(folder, 150, source_sentences(KNOWLEDGE), seed=3)
    load_or_build(folder, cache)  # the saved index the phase starts from, as bench's
    values = measure_live(folder, cache, budget=0.3, rounds=2)
    assert values["live_answered"] == "4/4"  # 2 adds naming their file, 2 by /reload
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("zz-")) == []
    assert 0 < values["live_add_s"] < 5 and 0 < values["live_scan_s"] < 5
    for name in ("live", "scan", "quiet"):
        if f"{name}_max_cpu_ms" in values:  # some answers ran then
            # one thread's CPU time is within its wall time (0.1 ms for the clocks' grain)
            assert 0 < values[f"{name}_max_cpu_ms"] <= values[f"{name}_max_ms"] + 0.1
            assert -0.1 <= values[f"{name}_wait_max_ms"] <= values[f"{name}_max_ms"]
    assert "quiet_max_cpu_ms" in values and values["scan_answers"] > 0
