"""Answers from the saved, memory-mapped index are the golden record's (tests/golden.py),
for every run with a knowledge folder: a start from the cache must change no answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.answering import Answer, Answerer
from bot.answering.answerer import bm25_params
from bot.config import RetrievalSettings
from bot.knowledge import Passage
from bot.store import load_or_build
from bot.stored import StoredPassages
from tests.golden import GOLDEN, RUNS, questions


def place(p: Passage) -> tuple[str, str, int, int]:
    return (p.article.key, p.kind, p.paragraph, p.part)


def record(answer: Answer, ids: dict[tuple[str, str, int, int], int]) -> dict[str, Any]:
    closest = answer.closest
    return {
        "q": answer.question,
        "declined": answer.declined,
        "truncated": answer.truncated,
        "hits": [
            [ids[place(h.passage)], round(h.score, 6), round(h.coverage, 6), h.sentence]
            for h in answer.hits
        ],
        "closest": None if closest is None else ids[place(closest.passage)],
    }


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
