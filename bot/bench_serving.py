"""The benchmark's serving measurements: a process that starts from the saved index,
as a restarted bot does, and answers from it (memory-mapped, passages read on demand).

`bench` times answers in the process that built the index too (bot/bench.py); this
times the index a restarted bot actually serves from: start, memory once everything
start-up prepares in the background is built, then new questions through `answer()`
and the BM25 core alone: the top 10 the way the answer path finds its candidates, and by
the other path forced (MaxScore below `topk.PRUNE_FROM`, every passage's score from it on),
and the answer path's own BM25 (its candidates over the question's words with their
alternatives).
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot import topk
from bot.answering.candidates import best, best_passages
from bot.config import KnowledgeSettings, Settings
from bot.engines import TOP_K
from bot.index import Bm25Index
from bot.library import Library
from bot.text import analyze

PREPARED = ("fuzzy", "acronyms")  # Vocabulary's cached properties that Answerer.prepare builds


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _private_mib() -> float | None:
    """Resident memory that is this process's own (RssAnon): the rest is pages of files
    (the mapped index, libraries) that the OS shares between processes and can evict."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def measure_serving(
    folder: Path,
    cache: Path,
    budget: float,
    time_new: Callable[[Callable[[str], object], list[str], float], dict[str, float]],
    new_questions: Callable[[list[str]], list[str]],
) -> dict[str, Any]:
    started, cpu_started = time.perf_counter(), time.process_time()
    library = Library(Settings(knowledge=KnowledgeSettings(path=folder, cache_dir=str(cache))))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    started_mib = _rss_mib()
    answerer = library.answerer
    waited = time.perf_counter()
    while not all(name in vars(answerer.vocabulary) for name in PREPARED):
        if time.perf_counter() - waited > 300:
            break
        time.sleep(0.01)  # the background thread's work: not done twice here
    answerer.prepare()
    answerer.answer("warm up")
    result: dict[str, Any] = {
        "start_s": seconds,
        "start_cpu_s": cpu,
        "from_cache": library.from_cache,
        "start_rss_mib": started_mib,
        "prepared_s": time.perf_counter() - waited,
        "start_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "serving_rss_mib": _rss_mib(),
        "serving_private_mib": _private_mib(),
    }
    passages = answerer.knowledge.passages
    step = max(1, len(passages) // 20_000)  # questions from a sample: reading all is slow
    fresh = new_questions([passages[i].text for i in range(0, len(passages), step)])
    saved = time_new(answerer.answer, fresh, budget)
    result.update({f"saved_{k}": saved[k] for k in ("p50", "p95", "p99")})
    # what a serving process holds after its answers; `answered_*` below also holds what the
    # BM25 timings after this map (every posting of the forced path's words), which a bot
    # never runs and which no answer gives back (bot/mapped.py)
    result.update(answers_rss_mib=_rss_mib(), answers_private_mib=_private_mib())
    index = answerer.index
    core = time_new(lambda q: top_ten(index, q), fresh, min(budget, 2.0))
    result.update({f"saved_core_{k}": core[k] for k in ("p50", "p99", "cpu_p50")})
    # The answer path's own BM25: the question's words each with its alternatives (relatives,
    # relations, close spellings), not its terms alone as the engines are given them: at 1M
    # the alternatives cost more than the terms (docs/performance.md, fourteenth round).
    queries = {q: answerer.query(q) for q in fresh}  # analysed before, not timed
    rerank = answerer.settings.rules.rerank
    path = time_new(lambda q: best_passages(index, queries[q], rerank), fresh, min(budget, 2.0))
    result.update({f"saved_path_{k}": path[k] for k in ("p50", "p99", "cpu_p50")})
    # The other path, forced: MaxScore below `topk.PRUNE_FROM` (dense where it proves
    # nothing, as the answer path falls back), every passage's score from it on.
    pruned = index.size >= topk.PRUNE_FROM
    forced = sys.maxsize if pruned else 0
    other = time_new(lambda q: top_ten(index, q, forced), fresh, min(budget, 2.0))
    result.update({f"other_{k}": other[k] for k in ("p50", "p99", "cpu_p50")})
    terms = [Counter(analyze(q)) for q in fresh[:500]]
    proved = sum(topk.top(index, t, k=TOP_K) is not None for t in terms)
    result.update(pruned=pruned, top_proved=proved / len(terms))
    result.update(answered_rss_mib=_rss_mib(), answered_private_mib=_private_mib())
    return result


def top_ten(index: Bm25Index, question: str, prune_from: int = topk.PRUNE_FROM) -> list[int]:
    """The 10 best passages for the question's words, as the answer path finds its
    candidates (`candidates.best`: every passage's score and their top, or MaxScore from
    `prune_from` passages on)."""
    return best(index, Counter(analyze(question)), (), TOP_K, prune_from)[0]
