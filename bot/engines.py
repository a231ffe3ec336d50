"""Other BM25 engines on the benchmark's corpus and questions: bm25s and tantivy.

A user who wants BM25 over a news archive today would pick one of these, so
``python -m bot bench --engines`` times them side by side with the bot: the
same passages, analysed by the bot's own analyser (so every engine sees the
same terms), and the same new questions, one thread. Neither engine is a
dependency of the bot: each runs only when installed
(``pip install bm25s numba tantivy``) and is reported as missing otherwise.

Each engine runs in a child process of its own (see ``bot.bench``), so its
peak memory is its own: ``measure`` builds the index from the terms, saves
it, opens it again as a serving process would, and times top-10 retrieval.
"""

from __future__ import annotations

import importlib.util
import resource
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

TOP_K = 10
ENGINES = ("bm25s", "tantivy")


def available(name: str) -> bool:
    """Whether an engine's package (and, for bm25s, numba: its fast backend) is installed."""
    needs = {"bm25s": ("bm25s", "numba"), "tantivy": ("tantivy",)}[name]
    return all(importlib.util.find_spec(package) is not None for package in needs)


def measure(
    name: str,
    documents: Sequence[Sequence[str]],
    queries: Sequence[Sequence[str]],
    budget: float,
    folder: Path,
    k1: float,
    b: float,
    delta: float,
) -> dict[str, Any]:
    """Build, save, reopen and time one engine; keys are prefixed with the engine's name."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    baseline = _rss_mib()
    build = _bm25s if name == "bm25s" else _tantivy
    started = time.perf_counter()
    search, opened = build(documents, folder, k1, b, delta)
    built = time.perf_counter() - started
    from bot.bench_measure import time_new  # bench_measure imports this one

    timed = time_new(search, queries, budget)  # the first query: JIT compilation, page-in
    disk = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20
    return {
        f"{name}_build_s": built,
        f"{name}_start_s": opened,
        **{f"{name}_{k}": timed[k] for k in ("p50", "p99", "cpu_p50")},
        f"{name}_disk_mib": disk,
        f"{name}_serving_mib": _rss_mib() - baseline,
        f"{name}_questions": int(timed["answers"]),
    }


Search = Callable[[Sequence[str]], object]


def _bm25s(
    documents: Sequence[Sequence[str]], folder: Path, k1: float, b: float, delta: float
) -> tuple[Search, float]:
    import bm25s

    # BM25+ with the bot's parameters; numba is bm25s's fast backend (its numpy one
    # spends most of a query in np.argpartition over mostly-zero scores).
    index = bm25s.BM25(k1=k1, b=b, delta=delta, method="bm25+", backend="numba")
    index.index([list(d) for d in documents], show_progress=False)
    index.save(str(folder))
    del index
    started = time.perf_counter()
    loaded = bm25s.BM25.load(str(folder), mmap=True)
    loaded.backend = "numba"
    opened = time.perf_counter() - started

    def search(query: Sequence[str]) -> object:
        known = [t for t in query if t in loaded.vocab_dict]
        if not known:
            return None
        return loaded.retrieve([known], k=TOP_K, show_progress=False, n_threads=1)

    return search, opened


def _tantivy(
    documents: Sequence[Sequence[str]], folder: Path, k1: float, b: float, delta: float
) -> tuple[Search, float]:
    import tantivy

    # Tantivy scores with Lucene's BM25 (k1 1.2, b 0.75, no delta): close to, not
    # equal to, the bot's BM25+. Terms arrive analysed, so a whitespace split suffices.
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    schema = builder.build()
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    for terms in documents:
        writer.add_document(tantivy.Document(body=" ".join(terms)))
    writer.commit()
    writer.wait_merging_threads()
    del writer, index
    started = time.perf_counter()
    opened_index = tantivy.Index.open(str(folder))
    searcher = opened_index.searcher()
    opened = time.perf_counter() - started
    should = tantivy.Occur.Should

    def search(query: Sequence[str]) -> object:
        clauses = [(should, tantivy.Query.term_query(schema, "body", t)) for t in query]
        return searcher.search(tantivy.Query.boolean_query(clauses), limit=TOP_K).hits

    return search, opened


def _rss_mib() -> float:
    """The process's resident memory now (Linux), not its peak."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20
