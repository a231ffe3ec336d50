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
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bot import engines
from bot.answering import Answerer
from bot.bench_serving import measure_serving
from bot.bench_state import format_cost, state_cost
from bot.config import KnowledgeSettings, RetrievalSettings, Settings
from bot.index import Postings
from bot.knowledge import load_folder, split_sentences
from bot.library import Library, no_collections
from bot.postings import build_postings, index_terms
from bot.store import code_fingerprint, save, scan
from bot.text import STOPWORDS, analyze

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSBOT_SHARED", ROOT.parent / "shared"))
SQUAD = SHARED / "data" / "squad" / "squad2-dev-normans.json"
QUESTION_SET = SHARED / "eval" / "article_qa.yaml"
SEED_FOLDER = SHARED / "seed"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
DEFAULT_SIZES = "1k,10k"
REFERENCE_LIMIT = 100_000  # rank-bm25 above this takes too long per question
NEW_QUESTIONS = 2_000  # each asked once: the honest latency of a question never seen
NEW_QUESTION_WORDS = (3, 8)
GENERATOR = 1  # bump when generation changes: regenerates the work folders
PARAGRAPHS = 19  # per article; with the details passage, about 20 passages an article
SENTENCES = (2, 4)  # per paragraph
VOCABULARY = 400_000
ZIPF = 1.05
SUBSTITUTE = 0.35  # share of content words replaced by generated ones
WORD = re.compile(r"[A-Za-z]{4,}")
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


# --- source text and questions ---


def source_sentences(knowledge: Path, squad: Path = SQUAD) -> list[str]:
    """Sentences of the knowledge folder's articles and of the SQuAD paragraphs."""
    paragraphs = [p for a in load_folder(knowledge).articles for p in a.paragraphs]
    if squad.exists():
        paragraphs += [p["context"] for p in json.loads(squad.read_text())["paragraphs"]]
    sentences = [s for p in paragraphs for s in split_sentences(p) if len(s.split()) >= 5]
    if not sentences:
        raise ValueError(f"no source sentences in {knowledge} or {squad}")
    return sentences


def fixed_questions(squad: Path = SQUAD, question_set: Path = QUESTION_SET) -> list[str]:
    """The public question set and the first SQuAD questions: words the templates use."""
    questions: list[str] = []
    if question_set.exists():
        questions += [str(case["q"]) for case in yaml.safe_load(question_set.read_text())]
    if squad.exists():
        qas = [q for p in json.loads(squad.read_text())["paragraphs"] for q in p["qas"]]
        questions += [str(q["question"]) for q in qas[:60]]
    return questions or ["What did the Kremlin say about war crimes?"]


def sampled_questions(
    texts: Sequence[str], count: int, seed: int = 11, words: tuple[int, int] = (2, 5)
) -> list[str]:
    """Distinct questions made of content words of random passages, generated words included."""
    rng = random.Random(seed)
    questions: dict[str, None] = {}  # ordered and distinct
    for _ in range(count * 2):
        if len(questions) == count:
            break
        text = texts[rng.randrange(len(texts))]
        content = [w for w in WORD.findall(text) if w.lower() not in STOPWORDS]
        if content:
            picked = rng.sample(content, min(len(content), rng.randint(*words)))
            questions[f"What about {' '.join(picked)}?"] = None
    return list(questions)


def new_questions(texts: Sequence[str]) -> list[str]:
    """The questions each asked once: 3 to 8 words of a random passage."""
    return sampled_questions(texts, NEW_QUESTIONS, seed=23, words=NEW_QUESTION_WORDS)


# --- generation ---


class Generator:
    """Articles recombined from source sentences with Zipf-distributed substitute words."""

    def __init__(self, sentences: Sequence[str], seed: int = 7):
        self.rng = np.random.default_rng(seed)
        self.templates = [_template(s) for s in sentences]
        weights = 1.0 / np.arange(1, VOCABULARY + 1) ** ZIPF
        self.cdf = np.cumsum(weights) / weights.sum()
        self.words: dict[int, str] = {}

    def word(self, rank: int) -> str:
        found = self.words.get(rank)
        if found is None:
            found = self.words[rank] = _pseudo_word(rank)
        return found

    def article(self, number: int) -> str:
        count = PARAGRAPHS * SENTENCES[1]
        picks = self.rng.integers(0, len(self.templates), count).tolist()
        lengths = self.rng.integers(SENTENCES[0], SENTENCES[1] + 1, PARAGRAPHS).tolist()
        # Enough draws for every slot (40 a sentence: more than any source sentence has).
        need = max(count * 40, sum(len(self.templates[pick][1]) for pick in picks))
        draws = self.rng.random(need).tolist()
        ranks = np.searchsorted(self.cdf, self.rng.random(need)).tolist()
        at = 0
        sentences = []
        for pick in picks:
            pieces, slots = self.templates[pick]
            pieces = list(pieces)
            for slot in slots:
                if draws[at] < SUBSTITUTE:
                    new = self.word(ranks[at])
                    pieces[slot] = new.capitalize() if pieces[slot][0].isupper() else new
                at += 1
            sentences.append("".join(pieces))
        paragraphs, start = [], 0
        for length in lengths:
            paragraphs.append(" ".join(sentences[start : start + length]))
            start += length
        title = " ".join(sentences[-1].split()[:7]).strip(" ,.;:")
        day = 1 + number % 28
        return (
            f"---\ntitle: {json.dumps(f'{title} ({number})')}\nsource: Bench Times\n"
            f"url: https://example.com/bench/{number}\npublished: 2022-03-{day:02d}\n---\n\n"
            + "\n\n".join(paragraphs)
            + "\n"
        )


def _template(sentence: str) -> tuple[list[str], list[int]]:
    pieces = re.split(r"([A-Za-z]{4,})", sentence)
    slots = [i for i in range(1, len(pieces), 2) if pieces[i].lower() not in STOPWORDS]
    return pieces, slots


def _pseudo_word(rank: int) -> str:
    digits, n = [], rank + len(SYLLABLES)
    while n:
        n, d = divmod(n, len(SYLLABLES))
        digits.append(SYLLABLES[d])
    return "".join(reversed(digits))


def generate(folder: Path, passages: int, sentences: Sequence[str], seed: int = 7) -> None:
    """Write about `passages` passages of articles into `folder`, unless already there."""
    marker = folder / ".bench.json"
    wanted = {"generator": GENERATOR, "passages": passages, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return
    if folder.exists():
        if not marker.exists() and any(folder.iterdir()):
            raise ValueError(f"{folder} exists and was not made by the benchmark; not touching it")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    generator = Generator(sentences, seed)
    for number in range(max(1, round(passages / (PARAGRAPHS + 1)))):
        path = folder / f"article-{number:06d}.md"
        path.write_text(generator.article(number), encoding="utf-8")
    marker.write_text(json.dumps(wanted))


# --- measuring (each in a child process) ---


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def percentiles(seconds: Sequence[float]) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {f"p{q}": float(np.percentile(ms, q)) for q in (50, 95, 99)}


def time_new(
    answer: Callable[[str], object], questions: Sequence[str], budget: float
) -> dict[str, float]:
    """Latency percentiles (ms) and throughput of questions each asked once, no warm-up
    beyond the first; stops after `budget` seconds (at least 50 questions)."""
    answer(questions[0])  # first touch of the code and the index's pages
    latencies: list[float] = []
    started = time.perf_counter()
    for question in questions[1:]:
        t = time.perf_counter()
        answer(question)
        latencies.append(time.perf_counter() - t)
        if time.perf_counter() - started > budget and len(latencies) >= 50:
            break
    return {
        **percentiles(latencies),
        "qps": len(latencies) / sum(latencies),
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
    started, cpu_started = time.perf_counter(), time.process_time()
    with no_collections():  # as Library builds
        kb = load_folder(folder)
        parsed = time.perf_counter()
        postings = build_postings(kb.passages)
        answerer = Answerer(kb, settings, postings)
    built, cpu_built = time.perf_counter(), time.process_time()
    shutil.rmtree(cache, ignore_errors=True)
    weighted = dataclasses.replace(
        postings, weights=answerer.index.weights, facts=answerer.fact_arrays
    )
    save(cache, scan(folder), code_fingerprint(), kb, weighted)  # with stats, as load_or_build
    saved = time.perf_counter()
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
        "build_cpu_s": cpu_built - cpu_started,
        "save_s": saved - built,
        "disk_mib": sum(f.stat().st_size for f in cache.rglob("*") if f.is_file()) / 2**20,
        "index_mib": answerer.index.nbytes / 2**20,
        "peak_mib": _peak_mib(),
        **time_new(answerer.answer, fresh, budget),
    }
    again = time_answers(answerer.answer, repeated, min(budget, 2.0))
    result.update({f"repeat_{k}": again[k] for k in ("p50", "p99", "qps")})
    scores = time_new(lambda q: answerer.index.scores(analyze(q)), fresh, min(budget, 2.0))
    result.update(scores_p50=scores["p50"], scores_p99=scores["p99"])
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
    doc_ids, freqs = data.doc_ids.tolist(), data.freqs.tolist()
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
    while reloading.is_alive():
        for question in questions:
            t = time.perf_counter()
            library.answerer.answer(question)
            latencies.append(time.perf_counter() - t)
    seconds = time.perf_counter() - started
    found = percentiles(latencies) if latencies else {}
    maximum = max(latencies, default=0.0) * 1000
    return {f"reload_{k}": v for k, v in {**found, "max": maximum, "s": seconds}.items()}


def _child(*args: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "bot.bench", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- the whole run ---


@dataclass
class Row:
    size: str
    values: dict[str, Any] = field(default_factory=dict)


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
        for engine in engines.ENGINES if compare else ():
            progress(f"{size}: {engine}")
            work = workdir / f"{engine}-{size}"
            values.update(_child("engine", str(folder), str(work), str(budget), engine))
        rows.append(Row(size, values))
    return rows


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
    ("scores_p50", "BM25 only p50 ms", "{:.2f}"),
    ("scores_p99", "BM25 only p99 ms", "{:.2f}"),
    ("reference_p50", "rank-bm25 p50 ms", "{:.1f}"),
    ("reload_p99", "p99 during reload ms", "{:.2f}"),
]


def format_engines(rows: Sequence[Row]) -> str:
    """Side by side with the other engines: latency on new questions, start, disk, memory,
    and the bot's ratio to each (above 1: the bot is slower or bigger)."""
    lines = [
        "| size | engine | p50 ms | p99 ms | start s | build s | on disk MiB | serving MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        v = row.values
        ours = ("newsbot answer()", v.get("p50"), v.get("p99"), v.get("start_s"))
        sizes = v.get("build_s"), v.get("disk_mib"), v.get("start_peak_mib")
        lines.append(_engine_line(row.size, *ours, *sizes))
        core = ("newsbot BM25 only", v.get("scores_p50"), v.get("scores_p99"), None, None)
        lines.append(_engine_line(row.size, *core, None, None))
        if "saved_p50" in v:  # from the saved index, as a restarted bot serves
            saved = ("newsbot answer(), saved index", v["saved_p50"], v["saved_p99"], None, None)
            private = v.get("serving_private_mib")
            lines.append(_engine_line(row.size, *saved, None, v.get("serving_rss_mib")))
            if private is not None:
                mine = ("newsbot serving memory of its own (RssAnon)", None, None, None, None)
                lines.append(_engine_line(row.size, *mine, None, private))
            dense = ("newsbot BM25 all scores, saved", v["saved_scores_p50"], v["saved_scores_p99"])
            lines.append(_engine_line(row.size, *dense, None, None, None, None))
            top = ("newsbot BM25 top 10 (MaxScore), saved", v["top_p50"], v["top_p99"])
            lines.append(_engine_line(row.size, *top, None, None, None, None))
        for name in engines.ENGINES:
            if f"{name}_p50" not in v:
                continue
            keys = ("p50", "p99", "start_s", "build_s", "disk_mib", "serving_mib")
            lines.append(_engine_line(row.size, name, *(v[f"{name}_{k}"] for k in keys)))
            ratio = v["scores_p50"] / v[f"{name}_p50"], v["p50"] / v[f"{name}_p50"]
            lines.append(
                f"| {row.size} | ratio | BM25 only {ratio[0]:.1f}x, answer() {ratio[1]:.1f}x"
                f" {name}'s p50 | | | | | |"
            )
    return "\n".join(lines)


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
    ``reload FOLDER CACHE SECONDS IN_CHILD`` and ``engine FOLDER WORK SECONDS NAME``."""
    command, folder, cache, *rest = argv
    if command == "engine":
        result = measure_engine(rest[1], Path(folder), Path(cache), float(rest[0]))
    elif command == "build":
        result = measure_build(Path(folder), Path(cache), float(rest[0]), rest[1] == "1")
    elif command == "reload":
        result = measure_reload(Path(folder), Path(cache), float(rest[0]), rest[1] == "1")
    else:
        result = measure_start(Path(folder), Path(cache), float(rest[0]) if rest else 5.0)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
