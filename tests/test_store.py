"""The saved index: reused only while nothing changed, rebuilt when stale or damaged."""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.answering import Answerer
from bot.config import KnowledgeSettings, RetrievalSettings, load_settings
from bot.knowledge import load_folder
from bot.postings import build_postings
from bot.store import (
    ARRAYS,
    ARTICLES,
    MANIFEST,
    CacheError,
    cache_dir_for,
    code_fingerprint,
    folder_state,
    load,
    load_or_build,
    save,
)
from bot.text import analyze

ARTICLE = """---
title: {title}
source: Test Times
url: https://example.com/{slug}
published: 2022-03-01
---

{body}

The second paragraph mentions {word} several times: {word}, {word}.
"""


def write(folder: Path, slug: str, body: str, word: str = "harbour") -> Path:
    path = folder / f"{slug}.md"
    path.write_text(ARTICLE.format(title=slug.title(), slug=slug, body=body, word=word))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    write(knowledge, "ports", "The harbour of Odesa was closed to grain ships in March.")
    write(knowledge, "courts", "The court in The Hague opened an inquiry into war crimes.", "court")
    (knowledge / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nText here.\n")
    return knowledge


def cache(folder: Path) -> Path:
    return folder / ".index-cache"


def same_answers(a: Answerer, b: Answerer, questions: list[str]) -> None:
    for question in questions:
        terms = analyze(question)
        assert np.array_equal(a.index.scores(terms), b.index.scores(terms))
        assert [h.passage.text for h in a.answer(question).hits] == [
            h.passage.text for h in b.answer(question).hits
        ]


QUESTIONS = ["Which harbour was closed?", "What did the court open?", "grain ships Odesa"]


def test_second_start_reuses_the_saved_index(folder: Path) -> None:
    first = load_or_build(folder, cache(folder))
    assert not first.from_cache and (cache(folder) / MANIFEST).is_file()
    second = load_or_build(folder, cache(folder))
    assert second.from_cache
    assert second.knowledge.articles == first.knowledge.articles
    assert second.knowledge.passages == first.knowledge.passages
    assert [str(e) for e in second.knowledge.errors] == [str(e) for e in first.knowledge.errors]
    assert second.postings.terms == first.postings.terms
    for name in ("indptr", "doc_ids", "freqs", "lengths"):
        assert np.array_equal(getattr(second.postings, name), getattr(first.postings, name))
    fresh = Answerer(load_folder(folder))
    same_answers(Answerer(second.knowledge, postings=second.postings), fresh, QUESTIONS)


def test_a_changed_added_or_removed_file_means_a_rebuild(folder: Path) -> None:
    load_or_build(folder, cache(folder))
    write(folder, "ports", "The harbour of Mariupol was shelled.")
    changed = load_or_build(folder, cache(folder))
    assert not changed.from_cache
    assert any("Mariupol" in p.text for p in changed.knowledge.passages)
    assert load_or_build(folder, cache(folder)).from_cache
    write(folder, "new", "A new article about wheat.", "wheat")
    assert not load_or_build(folder, cache(folder)).from_cache
    (folder / "new.md").unlink()
    reloaded = load_or_build(folder, cache(folder))
    assert not reloaded.from_cache
    assert "new.md" not in {a.key for a in reloaded.knowledge.articles}


def test_a_fixed_broken_file_is_picked_up(folder: Path) -> None:
    assert len(load_or_build(folder, cache(folder)).knowledge.errors) == 1
    write(folder, "broken", "Now it loads.")
    fixed = load_or_build(folder, cache(folder))
    assert not fixed.from_cache and not fixed.knowledge.errors


@pytest.mark.parametrize("name", [ARRAYS, ARTICLES, MANIFEST])
def test_a_damaged_cache_is_rebuilt_never_trusted(
    folder: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    good = load_or_build(folder, cache(folder))
    path = cache(folder) / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x55
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        again = load_or_build(folder, cache(folder))
    assert not again.from_cache
    assert "not used" in caplog.text
    assert again.knowledge.passages == good.knowledge.passages
    assert load_or_build(folder, cache(folder)).from_cache  # and the rebuild was saved


def test_a_truncated_or_missing_data_file_is_rebuilt(folder: Path) -> None:
    load_or_build(folder, cache(folder))
    (cache(folder) / ARRAYS).write_bytes(b"")
    assert not load_or_build(folder, cache(folder)).from_cache
    (cache(folder) / ARTICLES).unlink()
    assert not load_or_build(folder, cache(folder)).from_cache


def test_arrays_that_do_not_fit_are_rejected_even_with_a_matching_checksum(folder: Path) -> None:
    load_or_build(folder, cache(folder))
    path = cache(folder) / ARRAYS
    with np.load(path, allow_pickle=False) as saved:
        arrays = {key: saved[key] for key in saved.files}
    arrays["doc_ids"] = arrays["doc_ids"] + 1000  # out of range
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.write_bytes(buffer.getvalue())
    manifest = json.loads((cache(folder) / MANIFEST).read_text())
    manifest[ARRAYS] = hashlib.sha256(buffer.getvalue()).hexdigest()
    (cache(folder) / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CacheError, match="do not fit"):
        load(cache(folder), folder_state(folder), code_fingerprint())


def test_other_code_means_a_rebuild(folder: Path) -> None:
    load_or_build(folder, cache(folder))
    with pytest.raises(CacheError, match="other analysis code"):
        load(cache(folder), folder_state(folder), "another fingerprint")


def test_retrieval_settings_apply_to_a_cached_index(folder: Path) -> None:
    load_or_build(folder, cache(folder))
    cached = load_or_build(folder, cache(folder))
    settings = RetrievalSettings(variant="okapi", k1=2.0, b=0.3)
    from_cache = Answerer(cached.knowledge, settings, cached.postings)
    same_answers(from_cache, Answerer(load_folder(folder), settings), QUESTIONS)


def test_no_cache_dir_means_no_files(folder: Path) -> None:
    loaded = load_or_build(folder, None)
    assert not loaded.from_cache and not cache(folder).exists()
    assert len(loaded.postings.lengths) == len(loaded.knowledge.passages)


def test_an_unwritable_cache_only_costs_the_reuse(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    loaded = load_or_build(folder, blocker / "cache")
    assert not loaded.from_cache and loaded.knowledge.passages


def test_cache_location_from_settings(tmp_path: Path) -> None:
    assert cache_dir_for(KnowledgeSettings(path=tmp_path)) == tmp_path / ".index-cache"
    assert cache_dir_for(KnowledgeSettings(path=tmp_path, cache=False)) is None
    assert cache_dir_for(KnowledgeSettings(path=tmp_path, cache_dir="/x/y")) == Path("/x/y")


def test_config_cache_keys(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("knowledge:\n  path: k\n  cache: false\n  cache_dir: var/cache\n")
    settings = load_settings(config, environ={})
    assert settings.knowledge.cache is False
    assert settings.knowledge.cache_dir == str(tmp_path / "var" / "cache")
    config.write_text("knowledge:\n  cache: maybe\n")
    with pytest.raises(ValueError, match=r"knowledge\.cache: expected true or false"):
        load_settings(config, environ={})
    config.write_text("knowledge:\n  cache_dir: /abs/cache\n")
    assert load_settings(config, environ={}).knowledge.cache_dir == "/abs/cache"


def test_extras_round_trip(folder: Path) -> None:
    """Word lists answering derives from every passage are saved with the postings."""
    kb = load_folder(folder)
    postings = build_postings(kb.passages)
    extras = {"surface": ["harbour", "odesa", "ünïcode"], "empty": []}
    with_extras = replace(postings, extras=extras)
    cache_dir = cache(folder)
    state, fingerprint = folder_state(folder), code_fingerprint()
    save(cache_dir, state, fingerprint, kb, with_extras)
    _, loaded = load(cache_dir, state, fingerprint)
    assert loaded.extras == extras
    with pytest.raises(ValueError, match="newline"):
        save(cache_dir, state, fingerprint, kb, replace(postings, extras={"bad": ["a\nb"]}))
