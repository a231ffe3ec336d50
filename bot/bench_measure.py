"""The benchmark's measurements, each run in a child process of its own (bot/bench.py):
build from the files and answer, start from the saved index (bot/bench_serving.py),
answer during a reload, and one other engine (bot/engines.py) over the same passages.

New questions are each asked once, so nothing a question leaves behind speeds up the
next one; repeated questions, answered from warm caches, are timed apart.
"""

from __future__ import annotations

import resource
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from bot import engines
from bot.answering import Answerer
from bot.answering.parts import bm25_params
from bot.bench_corpus import fixed_questions, new_questions, sampled_questions
from bot.bench_serving import measure_serving, top_ten
from bot.build import build_index, load_knowledge
from bot.config import KnowledgeSettings, RetrievalSettings, Settings
from bot.index import Postings
from bot.index_postings import plain_freqs
from bot.knowledge import load_folder
from bot.library import Library, no_collections
from bot.postings import index_terms
from bot.split_ids import plain
from bot.store import code_fingerprint, save, scan
from bot.text import analyze

Asked = TypeVar("Asked")  # a question: its text, or its terms (bot/engines.py)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (a build's workers)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def percentiles(seconds: Sequence[float]) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {f"p{q}": float(np.percentile(ms, q)) for q in (50, 95, 99)}


def time_new(
    answer: Callable[[Asked], object], questions: Sequence[Asked], budget: float
) -> dict[str, float]:
    """Latency percentiles (ms) and throughput of questions each asked once, no warm-up
    beyond the first; stops after `budget` seconds (at least 50 questions)."""
    answer(questions[0])  # first touch of the code and the index's pages
    latencies: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: what a shared machine's noise leaves out
    started = time.perf_counter()
    for question in questions[1:]:
        t, c = time.perf_counter(), time.thread_time()
        answer(question)
        cpu.append(time.thread_time() - c)
        latencies.append(time.perf_counter() - t)
        if time.perf_counter() - started > budget and len(latencies) >= 50:
            break
    return {
        **percentiles(latencies),
        "cpu_p50": percentiles(cpu)["p50"],
        "qps": len(latencies) / sum(latencies),
        "cpu_qps": len(cpu) / max(sum(cpu), 1e-9),
        "answers": len(latencies),
    }


def time_answers(
    answer: Callable[[str], object], questions: Sequence[str], budget: float
) -> dict[str, float]:
    """Latency percentiles (ms) and throughput (questions/s) over repeated passes."""
    for question in questions:  # warm-up: caches, first-touch of pages
        answer(question)
    latencies: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: what a shared machine's noise leaves out
    started = time.perf_counter()
    while not latencies or (time.perf_counter() - started < budget and len(latencies) < 50_000):
        for question in questions:
            t, c = time.perf_counter(), time.thread_time()
            answer(question)
            cpu.append(time.thread_time() - c)
            latencies.append(time.perf_counter() - t)
    total = sum(latencies)
    on_cpu = {f"cpu_{k}": v for k, v in percentiles(cpu).items()}
    return {
        **percentiles(latencies),
        **on_cpu,
        "qps": len(latencies) / total,
        "cpu_qps": len(cpu) / max(sum(cpu), 1e-9),
        "answers": len(latencies),
    }


def measure_build(folder: Path, cache: Path, budget: float, reference: bool) -> dict[str, Any]:
    """Build from the files, save, answer the question set; optionally time rank-bm25."""
    settings = RetrievalSettings()
    started, cpu_started, children = time.perf_counter(), time.process_time(), _children_cpu()
    with no_collections():  # as Library builds
        kb = load_knowledge(folder)  # as load_or_build: on every core
        parsed = time.perf_counter()
        postings = build_index(kb.passages, bm25_params(settings))  # as load_or_build, all cores
        answerer = Answerer(kb, settings, postings)
    built, cpu_built = time.perf_counter(), time.process_time()
    children = _children_cpu() - children
    shutil.rmtree(cache, ignore_errors=True)
    save(cache, scan(folder), code_fingerprint(), kb, postings)  # with stats, as load_or_build
    saved = time.perf_counter()
    answerer.prepare()  # as a serving bot has once its background preparation is done
    texts = [p.text for p in kb.passages]
    fresh = new_questions(texts)
    repeated = fixed_questions() + sampled_questions(texts, 60)
    result: dict[str, Any] = {
        "passages": len(kb.passages),
        "articles": len(kb.articles),
        "postings": len(postings.doc_ids),
        "terms": len(postings.terms),
        "parse_s": parsed - started,
        "build_s": built - started,
        "build_cpu_s": cpu_built - cpu_started + children,  # the build processes' too
        "build_workers_cpu_s": children,
        "workers_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "save_s": saved - built,
        "disk_mib": sum(f.stat().st_size for f in cache.rglob("*") if f.is_file()) / 2**20,
        "index_mib": answerer.index.nbytes / 2**20,
        "peak_mib": _peak_mib(),
        **time_new(answerer.answer, fresh, budget),
    }
    again = time_answers(answerer.answer, repeated, min(budget, 2.0))
    result.update({f"repeat_{k}": again[k] for k in ("p50", "p99", "qps")})
    core = time_new(lambda q: top_ten(answerer.index, q), fresh, min(budget, 2.0))
    result.update({f"core_{k}": core[k] for k in ("p50", "p99", "cpu_p50")})
    if reference:
        result.update(_reference(answerer, repeated, settings, budget))
    return result


def measure_engine(name: str, folder: Path, work: Path, budget: float) -> dict[str, Any]:
    """One other engine over the same passages (their indexed terms) and new questions."""
    if not engines.available(name):
        return {f"{name}_missing": True}
    kb = load_folder(folder)
    documents = [index_terms(p) for p in kb.passages]
    queries = [analyze(q) for q in new_questions([p.text for p in kb.passages])]
    del kb
    settings = RetrievalSettings()
    k1, b, delta = settings.k1, settings.b, settings.delta
    return engines.measure(name, documents, queries, budget, work, k1, b, delta)


def _documents(data: Postings) -> list[list[str]]:
    """Each passage's terms, rebuilt from the postings: exactly what was indexed."""
    documents: list[list[str]] = [[] for _ in range(len(data.lengths))]
    starts = data.indptr.tolist()
    doc_ids, freqs = plain(data.doc_ids).tolist(), plain_freqs(data.freqs).tolist()
    for term_id, term in enumerate(data.terms):
        for at in range(starts[term_id], starts[term_id + 1]):
            documents[doc_ids[at]].extend([term] * freqs[at])
    return documents


def _reference(
    answerer: Answerer,
    questions: Sequence[str],
    settings: RetrievalSettings,
    budget: float,
) -> dict[str, Any]:
    from rank_bm25 import BM25Plus

    documents = _documents(answerer.index.data)
    started = time.perf_counter()
    bm25 = BM25Plus(documents, k1=settings.k1, b=settings.b, delta=settings.delta)
    build = time.perf_counter() - started
    del documents
    queries = [analyze(q) for q in questions]
    latencies, agree = [], True
    begun = time.perf_counter()
    for query in queries:
        t = time.perf_counter()
        expected = bm25.get_scores(query)
        latencies.append(time.perf_counter() - t)
        agree = agree and bool(np.allclose(answerer.index.scores(query), expected, rtol=1e-5))
        if time.perf_counter() - begun > budget and len(latencies) >= 5:
            break
    return {
        "reference_build_s": build,
        "reference_p50": percentiles(latencies)["p50"],
        "reference_agrees": agree,
    }


def measure_start(folder: Path, cache: Path, budget: float = 5.0) -> dict[str, Any]:
    """Start-up of a Library from the saved index, and answers from it (bot/bench_serving.py)."""
    return measure_serving(folder, cache, budget, time_new, new_questions)


def measure_reload(folder: Path, cache: Path, budget: float, in_child: bool) -> dict[str, Any]:
    """Answer latency while Library.reload rebuilds the index from scratch in a thread."""
    library = Library(Settings(knowledge=KnowledgeSettings(path=folder, cache_dir=str(cache))))
    library.build_in_child = in_child
    library.answerer.prepare()  # what start-up builds in the background: this times the reload
    questions = fixed_questions()
    shutil.rmtree(cache, ignore_errors=True)  # nothing to reuse: a full rebuild
    reloading = threading.Thread(target=library.reload)
    started = time.perf_counter()
    reloading.start()
    latencies: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: without the GIL waits and other processes
    while reloading.is_alive():
        for question in questions:
            t, c = time.perf_counter(), time.thread_time()
            library.answerer.answer(question)
            cpu.append(time.thread_time() - c)
            latencies.append(time.perf_counter() - t)
    seconds = time.perf_counter() - started
    found = percentiles(latencies) if latencies else {}
    if cpu:
        found["cpu_p50"] = percentiles(cpu)["p50"]
    maximum = max(latencies, default=0.0) * 1000
    return {f"reload_{k}": v for k, v in {**found, "max": maximum, "s": seconds}.items()}
