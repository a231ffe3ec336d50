"""Reloading a large folder: the saved index, answers during a reload, a failed child build."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from bot.bench_corpus import generate, source_sentences
from bot.config import KnowledgeSettings, Settings
from bot.library import Library
from tests.conftest import KNOWLEDGE

OLD_WORD, NEW_WORD = "quillobar", "zentravite"


def article(word: str) -> str:
    return (
        "---\ntitle: The special article\nsource: Test Times\nurl: https://example.com/x\n"
        f"published: 2022-03-01\n---\n\nThe mayor unveiled the {word} monument on Friday.\n\n"
        f"Crowds came to see the {word} in the square all weekend.\n"
    )


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 2,400 passages of generated articles."""
    folder = tmp_path_factory.mktemp("big")
    generate(folder, 2_400, source_sentences(KNOWLEDGE), seed=3)
    return folder


def settings_for(folder: Path, cache: Path | None = None) -> Settings:
    knowledge = KnowledgeSettings(path=folder, cache=cache is not None, cache_dir=str(cache or ""))
    return Settings(knowledge=knowledge)


def passage_with(library: Library, word: str) -> bool:
    best = library.answerer.answer(f"When was the {word} unveiled?").best
    return best is not None and word in best.passage.text


def test_second_start_uses_the_saved_index(big_folder: Path, tmp_path: Path) -> None:
    first = Library(settings_for(big_folder, tmp_path / "cache"))
    assert not first.from_cache
    second = Library(settings_for(big_folder, tmp_path / "cache"))
    assert second.from_cache
    assert len(second.answerer.knowledge.passages) == len(first.answerer.knowledge.passages)


@pytest.mark.parametrize("cached", [True, False])
def test_questions_during_a_reload_get_old_content_then_new(
    big_folder: Path, tmp_path: Path, cached: bool
) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for path in big_folder.glob("*.md"):
        (folder / path.name).symlink_to(path)
    special = folder / "special.md"
    special.write_text(article(OLD_WORD))
    library = Library(settings_for(folder, tmp_path / "cache" if cached else None))
    assert passage_with(library, OLD_WORD)
    special.write_text(article(NEW_WORD))

    reloading = threading.Thread(target=library.reload)
    latencies, on_cpu, seen_new_before_swap = [], [], False
    before = library.answerer
    reload_started = time.perf_counter()
    reloading.start()
    while reloading.is_alive():
        answerer = library.answerer
        started, cpu = time.perf_counter(), time.thread_time()
        old = answerer.answer(f"When was the {OLD_WORD} unveiled?")
        on_cpu.append(time.thread_time() - cpu)
        latencies.append(time.perf_counter() - started)
        time.sleep(0.002)  # questions arrive; a spinning loop would starve the niced build
        # The thread may still be finishing after the swap: only the old answerer counts.
        if answerer is before and old.best and NEW_WORD in old.best.passage.text:
            seen_new_before_swap = True
    reloading.join()
    reload_seconds = time.perf_counter() - reload_started

    assert latencies, "the reload finished before a single question was asked"
    assert not seen_new_before_swap
    assert passage_with(library, NEW_WORD) and not passage_with(library, OLD_WORD)
    assert library.from_cache  # the child process built it; this process only loaded it
    # Bounds a loaded machine does not break: the answers' CPU time (a few ms; the build runs
    # in a child process, so more means its work came back into this thread), and the wall
    # time against the reload's own (an answer held until the swap waits most of it).
    print(
        f"\nreload {reload_seconds:.2f} s, {len(latencies)} answers during it: median"
        f" {np.median(latencies) * 1000:.1f} ms, {np.median(on_cpu) * 1000:.1f} ms of CPU"
    )
    assert float(np.percentile(np.array(on_cpu) * 1000, 50)) < 50
    assert float(np.median(latencies)) < reload_seconds / 4


def test_a_failed_child_build_falls_back_to_building_here(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "special.md").write_text(article(OLD_WORD))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    library = Library(settings_for(folder, blocker / "cache"))  # nowhere to save
    (folder / "special.md").write_text(article(NEW_WORD))
    report = library.reload()
    assert not library.from_cache
    assert report.changed == ("The special article",)
    assert passage_with(library, NEW_WORD)
