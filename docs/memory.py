"""Where a serving process's memory goes: RSS (its own and file pages) and, with --trace,
Python's allocations by source line, after the start, the background preparation and one
answer, and after N new questions.

    PYTHONPATH=. python docs/memory.py KNOWLEDGE CACHE [--questions 1000] [--trace]
        [--cpu] [--dump FILE]

KNOWLEDGE is a folder (e.g. one `python -m bot bench` generated), CACHE its saved index
(built first if missing or stale: then run it again, to measure a start from it). The
questions are `bench`'s new ones (3 to 8 words of a random passage, each asked once).
It prints the CPU time of the start and its background preparation. `--cpu` times
`answer()` on them again as new (`Answerer.forget()` before each): this
thread's CPU time, p50 and p99. `--dump` writes every answer at full precision (passages,
scores, sentences, short answer, decline), to compare two versions of the code.
RssAnon is the process's own memory; RssFile the pages of files (the mapped index, the
libraries) that the OS shares between processes and can evict. Tracing slows everything
and adds its own memory: its RSS figures are not the plain run's.
docs/performance.md ("Serving memory") has the figures.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import multiprocessing
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import numpy as np

from bot.answering import Answer, Answerer, Hit
from bot.bench_corpus import new_questions
from bot.config import KnowledgeSettings, Settings
from bot.library import Library


def status() -> str:
    """RSS, RssAnon and RssFile in MiB, from /proc/self/status."""
    found: dict[str, float] = {}
    with open("/proc/self/status") as lines:
        for line in lines:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile"):
                found[name] = int(value.split()[0]) / 1024
    return " ".join(f"{name} {mib:.1f}" for name, mib in found.items())


def mappings(count: int = 12) -> None:
    """The files whose pages this process holds most of (Rss by mapping, /proc/self/smaps)."""
    held: dict[str, int] = {}
    name = ""
    with open("/proc/self/smaps") as lines:
        for line in lines:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5:  # a mapping's header line
                name = fields[5] if len(fields) > 5 else "[anonymous]"
            elif fields[0] == "Rss:":
                held[name] = held.get(name, 0) + int(fields[1])
    for name, kib in sorted(held.items(), key=lambda item: -item[1])[:count]:
        print(f"  {kib / 1024:7.2f} MiB  {name}")


def top(snapshot: tracemalloc.Snapshot, count: int = 25) -> None:
    stats = snapshot.statistics("lineno")
    total = sum(s.size for s in stats)
    print(f"  traced: {total / 2**20:.1f} MiB in {sum(s.count for s in stats):,} blocks")
    for stat in stats[:count]:
        frame = stat.traceback[0]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        print(f"  {stat.size / 2**20:7.2f} MiB {stat.count:>9,}  {where}")


def hit(found: Hit | None) -> list[object] | None:
    if found is None:
        return None
    passage = found.passage
    where = [passage.article.key, passage.paragraph, passage.part, passage.kind]
    return [*where, repr(found.score), found.sentence, repr(found.coverage)]


def record(answer: Answer) -> dict[str, object]:
    return {
        "q": answer.question,
        "declined": answer.declined,
        "short": answer.short,
        "hits": [hit(h) for h in answer.hits],
        "closest": hit(answer.closest),
    }


def cpu_times(answerer: Answerer, questions: list[str]) -> tuple[float, float]:
    """`answer()`'s CPU p50 and p99 (ms) over `questions`, each as new."""
    spent: list[float] = []
    for question in questions:
        answerer.forget()
        started = time.thread_time()
        answerer.answer(question)
        spent.append(time.thread_time() - started)
    ms = np.array(spent) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 99))


def sampled(knowledge: Path, cache: Path) -> list[str]:
    """`bench`'s new questions over the saved index's passages, as bench samples them."""
    library = Library(Settings(knowledge=KnowledgeSettings(path=knowledge, cache_dir=str(cache))))
    passages = library.answerer.knowledge.passages
    step = max(1, len(passages) // 20_000)
    return new_questions([passages[i].text for i in range(0, len(passages), step)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("knowledge", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--trace", action="store_true", help="tracemalloc's top lines")
    parser.add_argument("--maps", action="store_true", help="resident pages by mapped file")
    parser.add_argument("--cpu", action="store_true", help="answer() CPU p50/p99, new questions")
    parser.add_argument("--dump", type=Path, help="every answer, at full precision, as JSON lines")
    args = parser.parse_args()
    print("imported:", status())
    # the questions are made in another process: reading the passages they are sampled
    # from would leave this one's memory as no serving process's is
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=spawn) as child:
        asked = child.submit(sampled, args.knowledge, args.cache).result()
    if args.trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    before = cpu
    settings = KnowledgeSettings(path=args.knowledge, cache_dir=str(args.cache))
    library = Library(Settings(knowledge=settings))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"start: {seconds:.3f} s ({cpu:.3f} s CPU), from the saved index: {library.from_cache}")
    print("started:", status())
    answerer = library.answerer
    for thread in threading.enumerate():  # start-up's background preparation
        if thread.name == "prepare":
            thread.join()
    answerer.prepare()  # done already: kept, not built twice
    # the preparation's thread starts with the library: its CPU is partly in the start's
    print(f"start and its preparation: {time.process_time() - before:.3f} s CPU")
    questions = asked[: args.questions + 1]
    answers = [answerer.answer(questions[0])]
    print("after start, preparation and one answer:", status())
    if args.maps:
        mappings()
    if args.trace:
        top(tracemalloc.take_snapshot())
    spent: list[float] = []
    for question in questions[1:]:
        started = time.thread_time()
        answers.append(answerer.answer(question))
        spent.append(time.thread_time() - started)
    print(f"after {len(questions) - 1} more new questions:", status())
    if args.maps:
        mappings()
    p50, p99 = (float(np.percentile(np.array(spent) * 1000, q)) for q in (50, 99))
    print(f"answer() CPU, first asking: p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    if args.trace:
        top(tracemalloc.take_snapshot())
        tracemalloc.stop()
    if args.dump:
        with args.dump.open("w") as out:
            for answer in answers:
                out.write(json.dumps(record(answer), ensure_ascii=False) + "\n")
    if args.cpu:
        p50, p99 = cpu_times(answerer, questions[1:])
        print(f"answer() CPU, asked again as new (forget()): p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
