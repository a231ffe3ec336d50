"""Answers from the saved, memory-mapped index are the golden record's (tests/golden.py),
for every run with a knowledge folder: a start from the cache must change no answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.answering.parts import bm25_params
from bot.config import RetrievalSettings
from bot.store import load_or_build
from bot.stored import StoredPassages
from tests.golden import GOLDEN, RUNS, place, questions, record


@pytest.mark.parametrize("run", [r for r in RUNS if r[1] is not None], ids=lambda r: r[0])
def test_answers_from_the_saved_index_are_the_recorded_ones(
    run: tuple[str, Path, tuple[Path, ...]], retrieval: RetrievalSettings, tmp_path: Path
) -> None:
    name, folder, files = run
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    params = bm25_params(retrieval)
    load_or_build(folder, tmp_path / "cache", params=params)
    loaded = load_or_build(folder, tmp_path / "cache", params=params)
    assert loaded.from_cache and isinstance(loaded.knowledge.passages, StoredPassages)
    answerer = Answerer(loaded.knowledge, retrieval, loaded.postings)
    ids = {place(p): n for n, p in enumerate(loaded.knowledge.passages)}
    for path in files:
        now = [record(answerer.answer(q), ids) for q in questions(path)]
        assert now == golden[f"{name}:{path.name}"], path.name
