"""``python -m bot bench --live``: how long adding and removing one article takes on a
saved index (bot/live.py), and how slow answers get meanwhile.

One thread answers new questions without pause, as the bot's event loop would; the
other adds an article file and reloads naming it (what an admin's add does), checks that
the article answers, removes it and reloads again, `rounds` times; then does the same
with reloads that look at every file (`/reload`, watch mode). Reported: each add's and
removal's wall time until the new answerer serves, and the answer latencies of the
questions asked while a reload ran (their maximum is the target: under 50 ms), beside the
answering thread's own CPU time for them: what is left of an answer's wall time is
waiting, for the GIL (a reload's Python) or for a core (the machine's other work).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from bot.bench_corpus import new_questions
from bot.config import KnowledgeSettings, Settings
from bot.library import Library

WORD = "vostrelian"  # a word no generated article holds (generated words are syllables)


def article(number: int) -> str:
    word = f"{WORD}{'abcdefghij'[number % 10]}"
    return (
        f"---\ntitle: Live article {number}\nsource: Bench Times\nurl: https://example.com/"
        f"{number}\npublished: 2030-01-0{1 + number % 9}\n---\n\nThe {word} bridge opened on"
        " a cold Monday morning, after four years of building and two court cases.\n\n"
        f"It cost the city 41 million euros and carries {word} trams and bicycles.\n"
    )


def measure_live(folder: Path, cache: Path, budget: float, rounds: int = 5) -> dict[str, Any]:
    knowledge = KnowledgeSettings(path=folder, cache_dir=str(cache), live_from=0)
    library = Library(Settings(knowledge=knowledge))
    library.answerer.prepare()
    passages = library.answerer.knowledge.passages
    texts = [passages[i].text for i in range(0, len(passages), max(1, len(passages) // 4000))]
    questions = new_questions(texts)
    timings: list[tuple[float, float, float]] = []  # (start, seconds, CPU seconds) of each
    stop = threading.Event()

    def ask() -> None:
        at = 0
        while not stop.is_set():
            question = questions[at % len(questions)]
            at += 1
            t, cpu = time.perf_counter(), time.thread_time()
            library.answerer.answer(question)
            timings.append((t, time.perf_counter() - t, time.thread_time() - cpu))

    asking = threading.Thread(target=ask, name="ask")
    asking.start()
    windows: list[tuple[float, float]] = []  # reloads naming their file
    scanning: list[tuple[float, float]] = []  # reloads looking at every file
    adds: list[float] = []
    removals: list[float] = []
    scans: list[float] = []  # adds and removals by a look at every file
    answered = 0
    try:
        time.sleep(min(budget, 1.0))  # answers before any reload: the baseline
        for number in range(rounds + 2):
            path = folder / f"zz-live-{number}.md"
            path.write_text(article(number), encoding="utf-8")
            names = (path.name,) if number < rounds else None
            started = time.perf_counter()
            library.reload(names)
            (adds if names else scans).append(time.perf_counter() - started)
            (windows if names else scanning).append((started, time.perf_counter()))
            word = f"{WORD}{'abcdefghij'[number % 10]}"
            best = library.answerer.answer(f"When did the {word} bridge open?").best
            answered += best is not None and word in best.passage.text
            time.sleep(0.2)
            path.unlink()
            started = time.perf_counter()
            library.reload(names)
            (removals if names else scans).append(time.perf_counter() - started)
            (windows if names else scanning).append((started, time.perf_counter()))
            time.sleep(0.2)
    finally:
        stop.set()
        asking.join()
        for number in range(rounds + 2):
            (folder / f"zz-live-{number}.md").unlink(missing_ok=True)
    during, scanned = _during(timings, windows), _during(timings, scanning)
    busy = set(during) | set(scanned)
    quiet = [x for x in timings if x not in busy]
    ms = np.array([s for _, s, _ in during] or [0.0]) * 1000
    scan_ms = np.array([s for _, s, _ in scanned] or [0.0]) * 1000
    quiet_ms = np.array([s for _, s, _ in quiet] or [0.0]) * 1000
    return {
        "live_add_s": float(np.median(adds)),
        "live_add_max_s": max(adds),
        "live_remove_s": float(np.median(removals)),
        "live_scan_s": float(np.median(scans)),
        "live_answered": f"{answered}/{rounds + 2}",
        "live_max_ms": float(ms.max()),
        "live_p99_ms": float(np.percentile(ms, 99)),
        "live_answers": len(during),
        "live_p50_ms": float(np.percentile(ms, 50)),
        "quiet_p50_ms": float(np.percentile(quiet_ms, 50)),
        "quiet_p99_ms": float(np.percentile(quiet_ms, 99)),
        "quiet_max_ms": float(quiet_ms.max()),  # the machine's own noise
        "scan_p50_ms": float(np.percentile(scan_ms, 50)),  # during /reload's look at all
        "scan_p99_ms": float(np.percentile(scan_ms, 99)),
        "scan_max_ms": float(scan_ms.max()),
        "scan_answers": len(scanned),
        **_own("live", during),
        **_own("scan", scanned),
        **_own("quiet", quiet),
    }


def _own(name: str, answers: list[tuple[float, float, float]]) -> dict[str, float]:
    """The slowest answer's own CPU time, and the longest wait of any (wall less CPU)."""
    if not answers:
        return {}
    slowest = max(answers, key=lambda a: a[1])
    waits = max(seconds - cpu for _, seconds, cpu in answers)
    return {f"{name}_max_cpu_ms": slowest[2] * 1000, f"{name}_wait_max_ms": waits * 1000}


def _during(
    timings: list[tuple[float, float, float]], windows: list[tuple[float, float]]
) -> list[tuple[float, float, float]]:
    """The answers (start, seconds, CPU) that overlapped one of `windows`."""
    return [x for x in timings if any(a <= x[0] + x[1] and x[0] <= b for a, b in windows)]
