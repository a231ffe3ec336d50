"""An index built on every core: the files parsed, then postings, BM25 weights and facts.

Each file is parsed and split into passages alone, so `load_knowledge` parses ranges of
the sorted files side by side and orders the articles as `load_folder` does.

Each passage's postings and facts depend on that passage alone (and its article), so the
passages are cut into consecutive ranges, one per core; each range is indexed and read
(`build_part`: one reading of each passage for its postings and its facts, each distinct
piece of text analysed once) in a process of its own (bot/forked.py: forked children, the
first range in this process), and the parts are merged in order (bot/build_merge.py) into
exactly what one process builds.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from bot import forked
from bot.build_merge import Part, merge, ranges
from bot.fact_build import IndexingFacts
from bot.index import Bm25Index, Bm25Params, Postings, PostingsBuilder
from bot.knowledge import (
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_MIN_ARTICLE_WORDS,
    Article,
    FileError,
    KnowledgeBase,
    Passage,
    knowledge_files,
    load_files,
    split_passages,
)
from bot.postings import word_lists

PASSAGES_PER_WORKER = 20_000  # fewer and a process costs more than it saves (auto only)
FILES_PER_WORKER = 1_000
# A forked child pickles the articles it parsed for this process, which parses the first
# range meanwhile: a seventh to a quarter of its parsing's CPU at 1M passages (1.0-1.9 s
# against 6.4-8.0 in six parses), so this process takes a fifth more of the files, and
# waits less (docs/performance.md, twentieth round).
PARSE_LEAD = Fraction(1, 5)


@dataclass(frozen=True)
class Parsed:
    """Some knowledge files' articles, each with its passages, and their errors."""

    split: list[tuple[Article, list[Passage]]]
    errors: list[FileError]


def load_knowledge(
    folder: Path,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    workers: int | None = None,
    min_words: int = DEFAULT_MIN_ARTICLE_WORDS,
    most: int = forked.DEFAULT_WORKERS,  # knowledge.build_workers
) -> KnowledgeBase:
    """`load_folder(folder, max_bytes=max_bytes, min_words=min_words)`, parsed in `workers`
    processes (None: one per core up to `most`, fewer for a small folder)."""
    paths = sorted(knowledge_files(folder))
    if workers is None:
        workers = min(forked.cores(most), len(paths) // FILES_PER_WORKER)
    cut = ranges(len(paths), max(1, workers), PARSE_LEAD)
    limits = (max_bytes, min_words)
    tasks = [functools.partial(_parsed, paths[a:b], folder, *limits) for a, b in cut]
    parsed = forked.run(tasks, Parsed)
    errors = [error for part in parsed for error in part.errors]
    return KnowledgeBase.from_split([pair for part in parsed for pair in part.split], errors)


def _parsed(paths: Sequence[Path], folder: Path, max_bytes: int, min_words: int) -> Parsed:
    articles, errors = load_files(paths, folder, max_bytes, min_words)
    return Parsed([(article, split_passages(article)) for article in articles], errors)


def build_index(
    passages: Sequence[Passage],
    params: Bm25Params | None = None,
    workers: int | None = None,
    most: int = forked.DEFAULT_WORKERS,  # knowledge.build_workers
) -> Postings:
    """The postings of `passages` with their BM25 weights for `params` and their facts;
    `workers` processes (None: one per core up to `most`, fewer for a small archive)."""
    if workers is None:
        workers = min(forked.cores(most), len(passages) // PASSAGES_PER_WORKER)
    with small_pages():
        postings, facts = merge(build_parts(passages, max(1, workers)))
        index = Bm25Index(postings, params)
        return dataclasses.replace(postings, weights=index.weights, facts=facts)


@contextmanager
def small_pages() -> Iterator[None]:
    """numpy's new large arrays in pages of 4 KiB, not in transparent huge pages, while an
    index is built (and in the processes forked for it). A build's arrays are written once,
    and a huge page's first write cost more than the 512 small ones' here: at 1M passages the
    merge of the two ranges' parts took 2.3-3.0 s of CPU in huge pages, 1.07-1.10 in small
    ones, the weights 0.26-0.32 s against 0.12 at 100k (docs/performance.md, twentieth
    round). numpy's setting, as NUMPY_MADVISE_HUGEPAGE=0 sets it; restored after."""
    previous = _huge_pages(False)
    try:
        yield
    finally:
        _huge_pages(previous)


_HUGE_PAGES = "_set_madvise_hugepage"  # numpy's switch (its docs' "global state"), not typed


def _huge_pages(enabled: bool) -> bool:
    """Sets whether numpy asks for huge pages for large arrays; returns what it was (what
    was asked when this numpy has no such switch, or no private module holding it)."""
    try:
        module = importlib.import_module("numpy._core.multiarray")
    except ImportError:
        return enabled
    setter = getattr(module, _HUGE_PAGES, None)
    return enabled if setter is None else bool(setter(enabled))


def build_part(passages: Sequence[Passage]) -> Part:
    """One range's postings, and its facts over the range's own terms: `counted`, then
    `build_facts` with its pieces of text, in one reading of each passage."""
    builder = PostingsBuilder()
    reader = IndexingFacts(builder)
    for passage in passages:
        reader.add(passage)
    extras = word_lists(passages, reader.surface())
    facts = reader.arrays()
    del reader  # a million pieces of text: freed before the postings' arrays are made
    return Part(builder.build(extras), facts)


def build_parts(passages: Sequence[Passage], workers: int) -> list[Part]:
    """The parts of `passages` cut into `workers` ranges, each built in a process of its own
    when this process may fork."""
    tasks = [
        functools.partial(_part, passages, first, end)
        for first, end in ranges(len(passages), workers)
    ]
    return forked.run(tasks, Part)


def _part(passages: Sequence[Passage], first: int, end: int) -> Part:
    return build_part(passages[first:end])
