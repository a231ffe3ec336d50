"""An index built on several cores (bot/build.py) is the index one process builds: the same
arrays, the same saved files byte for byte, and the same facts as `passage_facts` reads;
a build process that fails costs time, not the index."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import itertools
import logging
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import build, forked, store_files
from bot.answering.fact_table import FactArrays
from bot.answering.facts import passage_facts
from bot.bench_corpus import generate, source_sentences
from bot.build import build_index, build_part, build_parts, load_knowledge
from bot.build_merge import Part, merge, ranges
from bot.config import load_settings
from bot.cues import has_digit, word_cues
from bot.fact_build import DIGITS, CuedPieces, bits, build_facts
from bot.fuzzy import SpellingSettings
from bot.index import Bm25Index, Bm25Params, Postings
from bot.knowledge import Article, KnowledgeBase, Passage, load_folder, split_passages
from bot.postings import build_postings, counted
from bot.text import STOPWORDS, term, words
from tests.conftest import KNOWLEDGE, MANY_ARTICLES, SHARED

NEWS = SHARED / "eval" / "news" / "articles"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 passages of the benchmark's generated archive: many terms, captions, details."""
    folder = tmp_path_factory.mktemp("generated") / "kb"
    generate(folder, 1_000, source_sentences(KNOWLEDGE))
    return folder


def _same(one: Postings, other: Postings) -> None:
    assert list(one.terms) == list(other.terms)
    for name in ("indptr", "doc_ids", "freqs", "lengths"):
        assert getattr(one, name).dtype == getattr(other, name).dtype, name
        assert np.array_equal(getattr(one, name), getattr(other, name)), name
    assert {k: list(v) for k, v in one.extras.items()} == {
        k: list(v) for k, v in other.extras.items()
    }
    assert one.weights is not None and other.weights is not None
    assert np.array_equal(one.weights.postings, other.weights.postings)
    assert one.facts is not None and other.facts is not None
    assert set(one.facts) == set(other.facts)
    for name, array in one.facts.items():
        assert array.dtype == other.facts[name].dtype, name
        assert np.array_equal(array, other.facts[name]), name


@pytest.mark.parametrize("workers", [2, 3, 7])
@pytest.mark.parametrize("source", ["news", "many", "generated"])
def test_parallel_builds_equal_the_one_process_build(
    source: str, workers: int, generated: Path
) -> None:
    folder = {"news": NEWS, "many": MANY_ARTICLES, "generated": generated}[source]
    passages = load_folder(folder).passages
    serial = build_index(passages, workers=1)
    _same(build_index(passages, workers=workers), serial)
    # ... and the one-process build is the plain definition: postings, then facts by term
    plain = build_postings(passages)
    _same(serial, plain_index(passages, plain))


def plain_index(passages: Sequence[Passage], postings: Postings) -> Postings:
    index = Bm25Index(postings, Bm25Params())
    facts = build_facts(passages, index.term_id, len(postings.terms))
    return dataclasses.replace(postings, weights=index.weights, facts=facts)


def test_ranges_that_cut_articles_and_own_terms_merge_exactly() -> None:
    """Cuts inside an article; caption hint words no passage indexes, a name part written
    apart, an abbreviation's sentence kept as a text: each numbered as one process does."""
    text = "Ships of the U.S.  Navy docked at 9 am. Marta Lindqvist said the pier held."
    caption = "Cranes at the pier in May."
    article = Article("a.md", "Harbour works", "The Times", "", None, (text,), "", caption, "Ola")
    other = Article("b.md", "Lindqvist again", "The Times", "", None, ("x",), "", caption, "Bo")
    passages = [
        Passage(article, 1, text),
        Passage(article, 0, caption, kind="caption", index_text=f"{caption} Photo: Ola"),
        Passage(article, 2, "Lindqvist left on Tuesday with Marta."),
        Passage(other, 0, caption, kind="caption", index_text=f"{caption} shows credit"),
        Passage(other, 1, "Ships of the U.S.  Navy sailed. Lindqvist stayed."),
    ]
    serial = build_index(passages, workers=1)
    for count in range(2, len(passages) + 1):
        postings, facts = merge(build_parts(passages, count))
        merged = dataclasses.replace(postings, weights=serial.weights, facts=facts)
        _same(merged, serial)
        table = FactArrays(facts, passages, postings.terms)
        for i, passage in enumerate(passages):
            assert table[i] == passage_facts(passage), (count, i)


def test_one_reading_of_each_passage_is_the_postings_then_the_facts() -> None:
    """`build_part` reads each passage once for both: the arrays of `counted` then
    `build_facts`, also where a passage's sentences are not its text's pieces end to end (a
    no-break or thin space between or around them, an abbreviation re-joined over two
    spaces, an underscore), where a details passage writes words only a later passage
    indexes ("Kalmar") or none does ("Post"), and where a surname implies a first name that
    a later passage indexes first ("Tove")."""
    first = Article(
        "a.md",
        "Harbour works",
        "Kalmar Post",
        "",
        dt.date(2024, 5, 2),
        (
            "Lindqvist spoke first.\u00a0Ingrid Solberg said the pier held.",
            "\u2009Solberg left on Tuesday with 3,000 crates.  Lindqvist stayed. ",
            "Ships of the U.S.  Navy sailed. Solberg waved_goodbye at noon.",
            "Tove Lindqvist arrived in Kalmar.",
        ),
        "Ola Berg",
        "Cranes at the pier in May.",
        "Photo: Ola Berg",
    )
    second = Article(
        "b.md", "Pier again", "", "", None, ("Lindqvist and Solberg met at the Kalmar pier.",)
    )
    passages = [p for article in (first, second) for p in split_passages(article)]
    assert {p.kind for p in passages} == {"body", "caption", "details"}
    part, facts = _one_reading_and_two(passages)
    assert len(facts["words_at"]) > 1 and len(facts["texts_at"]) > 1  # own words; a text
    table = FactArrays(part.facts, passages, part.postings.terms)
    for i, passage in enumerate(passages):
        assert table[i] == passage_facts(passage), i
    assert "tove" in table[2].terms  # "Lindqvist spoke first." of the first body passage


# Words, marks and spaces the sentence splitter, the pieces and the analysis treat apart
_PARTS = (
    "Ana",
    "Lund",
    "said",
    "the",
    "U.S.",
    "Gen.",
    "pier",
    "3,000",
    "5km",
    "ends.Next",
    "don't",
    "O'Neill",
    "Café",
    "naïve",
    "“Quoted”",
    "(Aside)",
    "May",
    "Jan.",
    "5.",
    "100%",
    "a_b",
    ".",
    "!",
    "?",
    "…",
    ",",
    " ",
    "  ",
    "\u00a0",
    "\u2009",
    "\u3000",
    "\t",
    "\n",
    "\u2028",
)


@given(st.lists(st.lists(st.sampled_from(_PARTS), min_size=1, max_size=30), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_one_reading_equals_two_on_any_spacing(paragraphs: list[list[str]]) -> None:
    """Whatever spaces, marks and abbreviations sit between a passage's sentences, one
    reading gives `counted` then `build_facts`' arrays."""
    texts = tuple("".join(words).strip() or "Ana" for words in paragraphs)
    article = Article("a.md", "Ana Lund writes", "Lund Post", "", None, texts, "", "Ana.", "Lund")
    _one_reading_and_two(split_passages(article))


def _one_reading_and_two(passages: list[Passage]) -> tuple[Part, dict[str, npt.NDArray[Any]]]:
    """`build_part`'s one reading of `passages`, asserted equal, array by array and type by
    type, to `counted` then `build_facts`; both returned."""
    builder, pieces, extras = counted(passages)
    terms = builder.vocabulary
    facts = build_facts(passages, terms.get, len(terms), pieces)
    plain = builder.build(extras)
    part = build_part(passages)
    assert list(part.postings.terms) == list(plain.terms)
    for name in ("indptr", "doc_ids", "freqs", "lengths"):
        assert np.array_equal(getattr(part.postings, name), getattr(plain, name)), name
    assert part.postings.extras == plain.extras
    assert set(part.facts) == set(facts)
    for name, array in facts.items():
        assert part.facts[name].dtype == array.dtype, name
        assert np.array_equal(part.facts[name], array), name
    return part, facts


# Pieces of text a build reads: words of ASCII letters alone and with full stops or
# commas after them (read as their letters), stopwords, fused negations, abbreviations,
# numbers, other scripts
_PIECES = ["said", "said.", "said.,", "pier,", "pier", "the.", "didnt", "didnt.", "cannot,"]
_PIECES += ["x.", "u.s.", "u.s", "5.", "3,000,", "café,", "don't.", "may,", "years.", ".", ","]


@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_a_piece_s_ids_and_cues_are_its_words(read: list[str]) -> None:
    """Whatever order the pieces come in, each one's ids are its words' terms (`words`,
    stopwords left out), numbered in order of first sight, and its cues its words' (and
    whether it has a digit)."""
    table = CuedPieces(defaultdict(itertools.count().__next__).__getitem__)
    plain: defaultdict[str, int] = defaultdict(itertools.count().__next__)
    for text in read:
        piece = text.encode()
        ids = [plain[term(w)] for w in words(text) if w not in STOPWORDS]
        assert np.frombuffer(table[piece], np.int32).tolist() == ids, text
    assert table.surface == {w for text in read for w in words(text) if w not in STOPWORDS}
    for piece in table:  # its letters' entries too
        digits = DIGITS if has_digit(piece.decode()) else 0
        assert table.cued.get(piece, 0) == bits(word_cues(piece.decode())) | digits, piece


def test_a_saved_index_is_the_same_files_whoever_built_it(tmp_path: Path) -> None:
    kb = load_folder(NEWS)
    written = {}
    for workers in (1, 2):
        folder = tmp_path / f"built-by-{workers}"
        built = build_index(kb.passages, workers=workers)
        described = store_files.write(folder, kb, built, spelling=SpellingSettings())
        written[workers] = {name: file["sha256"] for name, file in described["files"].items()}
    assert written[1] == written[2]


@pytest.mark.parametrize("index_apart", [False, True])
def test_the_files_made_in_a_forked_process_are_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index_apart: bool
) -> None:
    """A large archive's close-spelling tables (store_files.SPELLING_APART), and a larger
    one's other index files too (INDEX_APART: postings, facts, word lists), are made and
    written in a child while this process compresses and writes the texts: the same files
    as made here, the tables and the postings laid out in the child."""
    kb = load_folder(NEWS)
    built = build_index(kb.passages, workers=1)
    made = store_files.stored_spelling.arrays
    blob = store_files.text_blob
    _alone()
    written, pids, terms = {}, {}, {}
    for apart in (False, True):
        pid, term_pid = tmp_path / f"pid-{apart}", tmp_path / f"terms-{apart}"

        def spelled(*args: object, pid: Path = pid) -> object:
            pid.write_text(str(os.getpid()))  # in the child: written to a file
            return made(*args)  # type: ignore[arg-type]

        def blobbed(*args: object, pid: Path = term_pid) -> object:
            pid.write_text(str(os.getpid()))  # the last process to make a word list's blob
            return blob(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(store_files.stored_spelling, "arrays", spelled)
        monkeypatch.setattr(store_files, "text_blob", blobbed)
        monkeypatch.setattr(store_files, "SPELLING_APART", 0 if apart else 10**9)
        monkeypatch.setattr(store_files, "INDEX_APART", 0 if apart and index_apart else 10**9)
        folder = tmp_path / f"apart-{apart}"
        described = store_files.write(folder, kb, built, spelling=SpellingSettings())
        written[apart] = {name: file["sha256"] for name, file in described["files"].items()}
        pids[apart], terms[apart] = int(pid.read_text()), int(term_pid.read_text())
        assert sorted(described["files"]) == sorted(path.name for path in folder.iterdir())
    assert written[True] == written[False]
    assert any(name.startswith("spelling_") for name in written[True])
    assert pids[False] == os.getpid() != pids[True]
    assert terms[False] == os.getpid()
    assert (terms[True] != os.getpid()) == index_apart


class FailsInAChild(Sequence[Passage]):
    """Passages that can be read only in the process that made them: a build process
    that reads them dies."""

    def __init__(self, passages: Sequence[Passage]):
        self._passages, self._parent = passages, os.getpid()

    def __len__(self) -> int:
        return len(self._passages)

    @overload
    def __getitem__(self, index: int) -> Passage: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Passage]: ...
    def __getitem__(self, index: int | slice) -> Passage | Sequence[Passage]:
        if os.getpid() != self._parent:
            raise RuntimeError("read in a child")
        return self._passages[index]


def _alone(bound: float = 60.0) -> None:
    """Wait for threads an earlier test left finishing (a stand-in server's handler ending
    its long poll): a process with other threads never forks, so this test would not see a
    child fail. Threads still running after `bound` seconds fail the test by name."""
    deadline = time.monotonic() + bound
    for other in threading.enumerate():
        if other is not threading.main_thread():
            other.join(timeout=max(0.0, deadline - time.monotonic()))
    left = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    assert not left, f"threads left running by an earlier test: {left}"


def test_a_failed_build_process_is_redone_here(caplog: pytest.LogCaptureFixture) -> None:
    passages = load_folder(NEWS).passages
    _alone()
    with caplog.at_level(logging.WARNING, logger="bot.forked"):
        built = build_index(FailsInAChild(passages), workers=2)
    assert "failed" in caplog.text and "in this process instead" in caplog.text
    _same(built, build_index(passages, workers=1))


def test_a_process_with_threads_builds_alone(caplog: pytest.LogCaptureFixture) -> None:
    """Forking a process whose other threads may hold locks is not safe: no child, no
    failure to report, the same index."""
    passages = load_folder(NEWS).passages
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with caplog.at_level(logging.WARNING, logger="bot.forked"):
            built = build_index(FailsInAChild(passages), workers=2)
    finally:
        stop.set()
        other.join()
    assert caplog.text == ""
    _same(built, build_index(passages, workers=1))


def test_ranges_cover_every_passage_once() -> None:
    assert ranges(10, 3) == [(0, 3), (3, 6), (6, 10)]
    assert ranges(2, 5) == [(0, 1), (1, 2)]
    assert ranges(0, 2) == [(0, 0)]
    # the first range longer (`lead`), as the parse's, whose other ranges' processes pickle
    assert ranges(11, 2, Fraction(1, 5)) == [(0, 6), (6, 11)]
    assert ranges(5000, 2, Fraction(1, 5)) == [(0, 2727), (2727, 5000)]
    assert ranges(10, 3, Fraction(1, 2)) == [(0, 4), (4, 7), (7, 10)]
    assert ranges(3, 5, Fraction(1, 5)) == [(0, 1), (1, 2), (2, 3)]


def test_an_empty_knowledge_base_builds_in_parallel_too() -> None:
    _same(build_index(KnowledgeBase().passages, workers=2), build_index((), workers=1))


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """The fixture articles and a few broken files between them."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for source in sorted(MANY_ARTICLES.iterdir()):
        if source.is_file():
            (folder / source.name).write_bytes(source.read_bytes())
    (folder / "b-empty.md").write_bytes(b"")
    (folder / "m-binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "z-bad-front.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    return folder


@pytest.mark.parametrize("workers", [2, 3, 5])
def test_files_parsed_in_parallel_are_the_folder_load_folder_reads(
    mixed_folder: Path, workers: int
) -> None:
    expected = load_folder(mixed_folder)
    assert len(expected.errors) == 3 and len(expected.articles) > 5
    found = load_knowledge(mixed_folder, workers=workers)
    assert found.articles == expected.articles
    assert found.passages == expected.passages
    assert found.errors == expected.errors


def test_an_index_is_built_in_small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """numpy asks for no huge pages while an index is built (the merge and the weights too),
    and asks as before after it, whatever it did before."""
    asks = importlib.import_module("numpy._core.multiarray")._get_madvise_hugepage
    seen: list[bool] = []
    merged = build.merge
    monkeypatch.setattr(build, "merge", lambda parts: (seen.append(asks()), merged(parts))[1])
    passages = load_folder(KNOWLEDGE).passages
    found = asks()
    try:
        for before in (True, False):
            build._huge_pages(before)
            build_index(passages, workers=1)
            assert asks() is before
    finally:  # numpy's switch as the session had it: the later tests' arrays in its pages
        build._huge_pages(found)
    assert seen == [False, False]


def test_the_process_count_is_the_setting_s_at_most(tmp_path: Path) -> None:
    """knowledge.build_workers bounds the processes of a build (one per core up to it)."""
    available = len(os.sched_getaffinity(0))
    assert forked.cores(1) == 1
    assert forked.cores(available + 5) == available
    config = tmp_path / "config.yaml"
    config.write_text("knowledge:\n  build_workers: 1\n")
    settings = load_settings(config, environ={})
    assert settings.knowledge.build_workers == 1
    config.write_text("")
    assert load_settings(config, environ={}).knowledge.build_workers == forked.DEFAULT_WORKERS == 8


def test_the_build_child_collects_no_garbage(tmp_path: Path) -> None:
    """The reload's build process (`python -m bot.store`, store.build_in_child) builds and
    saves with the collector off: its millions of long-lived objects are no garbage, and
    full collections walking them cost a tenth of a build's CPU."""
    script = (
        "import gc, runpy, sys; sys.argv = ['bot.store', *sys.argv[1:]]; "
        "runpy.run_module('bot.store', run_name='__main__'); print('gc', gc.isenabled())"
    )
    command = [sys.executable, "-c", script, str(KNOWLEDGE), str(tmp_path / "cache"), "5000000"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "gc False"
    assert "from cache: False" in done.stdout


@pytest.mark.parametrize("missing", ["module", "switch"])
def test_an_index_is_built_where_numpy_has_no_huge_page_switch(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    """numpy's switch is private (`numpy._core.multiarray._set_madvise_hugepage`): a numpy
    without it, or without the module that holds it, builds as before, in its own pages."""
    real = importlib.import_module

    def without(name: str, package: str | None = None) -> Any:
        if name != "numpy._core.multiarray":
            return real(name, package)
        if missing == "module":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return object()  # a module without the switch

    monkeypatch.setattr(build.importlib, "import_module", without)
    passages = load_folder(KNOWLEDGE).passages
    assert build._huge_pages(False) is False  # nothing to set: what was asked
    with build.small_pages():
        pass
    assert len(build_index(passages, workers=1).terms) > 0
