"""``python -m bot bench``: build time, memory, disk, start-up and answer latency by size.

Knowledge bases of 1k to 1M passages are generated from real English: the
sentences of the articles in the knowledge folder and of the SQuAD
paragraphs are recombined into new articles, and about a third of their
content words are replaced by words drawn from a generated vocabulary with
Zipfian frequencies, so the vocabulary keeps growing with the corpus as a
real archive's does. Generation is deterministic (a fixed seed) and kept in
a work folder for the next run.

Answers are timed on new questions: each of up to 2,000 questions made of
a random passage's words is asked once, so nothing a question leaves behind
(per-passage facts, cached answers) speeds up the next one. Repeated
questions, answered from warm caches as a bot hears its most frequent ones,
are reported apart (``repeat p50``).

Each size is measured in a fresh Python process of its own, so that peak
memory (``ru_maxrss``) belongs to that size only: one process builds the
index from the files, saves it and answers the questions; another starts
from the saved index; with ``--engines``, one more per engine
(``bot/engines.py``: bm25s and tantivy, when installed) times the same
questions over the same passages.

This module runs the sizes, the child processes and the command line; the corpus
and its questions are in bot/bench_corpus.py, the measurements in
bot/bench_measure.py, the tables in bot/bench_report.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot import engines
from bot.answering import Answerer
from bot.bench_corpus import ROOT, SEED_FOLDER, fixed_questions, generate, source_sentences
from bot.bench_live import measure_live
from bot.bench_measure import (
    measure_build,
    measure_engine,
    measure_reload,
    measure_start,
    time_answers,
)
from bot.bench_report import Row, format_engines, format_table
from bot.bench_state import format_cost, state_cost
from bot.config import Settings
from bot.knowledge import load_folder

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
DEFAULT_SIZES = "1k,10k"
REFERENCE_LIMIT = 100_000  # rank-bm25 above this takes too long per question


# --- the whole run ---


def _child(*args: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "bot.bench", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def seed_throughput(folder: Path, budget: float = 2.0) -> dict[str, float]:
    """Questions per second through answer() on the seed article, with the public questions."""
    answerer = Answerer(load_folder(folder))
    return time_answers(answerer.answer, fixed_questions(), budget)


def run(
    sizes: Sequence[str],
    workdir: Path,
    sentences: Sequence[str],
    budget: float,
    reference: bool = True,
    reload: bool = False,
    compare: bool = False,
    live: bool = False,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Row]:
    rows = []
    for size in sizes:
        folder, cache = workdir / f"kb-{size}", workdir / f"cache-{size}"
        progress(f"{size}: generating")
        generate(folder, SIZES[size], sentences)
        progress(f"{size}: building and answering")
        slow = reference and SIZES[size] <= REFERENCE_LIMIT
        values = _child("build", str(folder), str(cache), str(budget), str(int(slow)))
        progress(f"{size}: starting from the saved index")
        values.update(_child("start", str(folder), str(cache), str(budget)))
        if reload:
            progress(f"{size}: answering during a reload")
            values.update(_child("reload", str(folder), str(cache), str(budget), "1"))
        if live:
            progress(f"{size}: adding and removing articles live")
            values.update(_child("live", str(folder), str(cache), str(budget)))
        for engine in engines.ENGINES if compare else ():
            progress(f"{size}: {engine}")
            work = workdir / f"{engine}-{size}"
            values.update(_child("engine", str(folder), str(work), str(budget), engine))
        rows.append(Row(size, values))
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"comma-separated, from {', '.join(SIZES)} (default: {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "newsbot-bench",
        help="where generated knowledge bases and saved indexes are kept",
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="answering time per size")
    parser.add_argument("--no-reference", action="store_true", help="skip rank-bm25 timings")
    parser.add_argument(
        "--engines",
        action="store_true",
        help="also time bm25s and tantivy on the same passages and questions, when installed",
    )
    parser.add_argument(
        "--reload", action="store_true", help="also time answers during a full reload"
    )
    parser.add_argument(
        "--live", action="store_true", help="also time live adds and removals of one article"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run_cli(args: argparse.Namespace, settings: Settings) -> int:
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        print(
            f"error: unknown size(s) {', '.join(unknown)}; use {', '.join(SIZES)}", file=sys.stderr
        )
        return 2
    sentences = source_sentences(settings.knowledge.path)
    seed = SEED_FOLDER if SEED_FOLDER.is_dir() else settings.knowledge.path
    throughput = seed_throughput(seed)
    rows = run(
        sizes,
        args.workdir,
        sentences,
        args.seconds,
        reference=not args.no_reference,
        reload=args.reload,
        compare=getattr(args, "engines", False),
        live=getattr(args, "live", False),
        progress=lambda message: print(message, file=sys.stderr, flush=True),
    )
    cost = state_cost(Answerer(load_folder(seed)), fixed_questions())
    if args.json:
        output = {"seed": throughput, "state": cost, "sizes": [asdict(r) for r in rows]}
        print(json.dumps(output, indent=2))
        return 0
    print(format_table(rows))
    if getattr(args, "engines", False):
        print("\nSide by side, new questions, one thread:\n")
        print(format_engines(rows))
    print(
        f"\nseed article ({seed.name}): {throughput['qps']:,.0f} questions/s through answer(),"
        f" p50 {throughput['p50']:.3f} ms, p99 {throughput['p99']:.3f} ms"
    )
    print(format_cost(cost))
    return 0


def _main(argv: Sequence[str]) -> int:
    """Child entry points: ``build FOLDER CACHE SECONDS REFERENCE``, ``start FOLDER CACHE``,
    ``reload FOLDER CACHE SECONDS IN_CHILD``, ``live FOLDER CACHE SECONDS`` and
    ``engine FOLDER WORK SECONDS NAME``."""
    command, folder, cache, *rest = argv
    if command == "engine":
        result = measure_engine(rest[1], Path(folder), Path(cache), float(rest[0]))
    elif command == "build":
        result = measure_build(Path(folder), Path(cache), float(rest[0]), rest[1] == "1")
    elif command == "live":
        result = measure_live(Path(folder), Path(cache), float(rest[0]))
    elif command == "reload":
        result = measure_reload(Path(folder), Path(cache), float(rest[0]), rest[1] == "1")
    else:
        result = measure_start(Path(folder), Path(cache), float(rest[0]) if rest else 5.0)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
