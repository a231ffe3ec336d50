"""Reloading the serving knowledge: what changed is reported, a broken file never costs content."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.config import KnowledgeSettings, Settings, load_settings
from bot.library import Library
from bot.store import MANIFEST, read_manifest

ARTICLE = """---
title: {title}
source: Test Times
url: https://example.org/{slug}
published: 2024-05-06
---
{body}
"""


def article(folder: Path, slug: str, title: str, body: str) -> Path:
    path = folder / f"{slug}.md"
    path.write_text(ARTICLE.format(title=title, slug=slug, body=body), encoding="utf-8")
    return path


def library_for(folder: Path) -> Library:
    return Library(dataclasses.replace(Settings(), knowledge=KnowledgeSettings(path=folder)))


def test_reload_reports_added_removed_changed(tmp_path: Path) -> None:
    article(
        tmp_path, "volcano", "Volcano Erupts", "The volcano erupted on Sunday near the village."
    )
    old = article(tmp_path, "bridge", "Bridge Opens", "The new bridge opened to traffic on Friday.")
    library = library_for(tmp_path)
    assert library.answerer.answer("When did the bridge open?").answered

    old.unlink()
    article(
        tmp_path, "festival", "Festival Returns", "The music festival returns in July with jazz."
    )
    article(
        tmp_path, "volcano", "Volcano Erupts", "The volcano erupted on Monday, scientists said."
    )
    report = library.reload()

    assert report.added == ("Festival Returns",)
    assert report.removed == ("Bridge Opens",)
    assert report.changed == ("Volcano Erupts",)
    assert report.articles == 2 and report.passages > 2 and not report.errors
    assert library.answerer.answer("When does the music festival return?").answered
    assert not library.answerer.answer("When did the bridge open to traffic?").answered


def test_a_file_broken_after_loading_keeps_serving_its_last_good_version(tmp_path: Path) -> None:
    path = article(
        tmp_path, "bridge", "Bridge Opens", "The new bridge opened to traffic on Friday."
    )
    library = library_for(tmp_path)
    path.write_bytes(b"\xff\xfe not utf-8 any more")
    article(tmp_path, "new-broken", "x", "")
    report = library.reload()
    assert sorted(e.path.name for e in report.errors) == ["bridge.md", "new-broken.md"]
    assert report.removed == () and report.articles == 1
    answer = library.answerer.answer("When did the bridge open to traffic?")
    assert answer.best is not None and "Friday" in answer.best.passage.text


def test_an_answerer_taken_before_a_reload_keeps_its_content(tmp_path: Path) -> None:
    path = article(
        tmp_path, "bridge", "Bridge Opens", "The new bridge opened to traffic on Friday."
    )
    library = library_for(tmp_path)
    taken = library.answerer
    path.unlink()
    library.reload()
    assert taken.answer("When did the bridge open to traffic?").answered
    assert library.answerer is not taken


def saved_files(folder: Path) -> set[str]:
    """The names of the arrays of the saved index in use."""
    generation = read_manifest(folder / ".index-cache" / MANIFEST)["generation"]
    return {p.stem for p in (folder / ".index-cache" / str(generation)).glob("*.npy")}


def test_knowledge_cache_compact_chooses_the_saved_layout(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    article(knowledge, "bridge", "Bridge Opens", "The new bridge opened to traffic on Friday.")
    config = tmp_path / "config.yaml"
    config.write_text("knowledge:\n  path: knowledge\n  cache_compact: true\n", encoding="utf-8")
    compact = load_settings(config, environ={})
    library = Library(compact)
    assert "weights" not in saved_files(knowledge) and "doc_ids_high" in saved_files(knowledge)
    article(knowledge, "dam", "Dam Holds", "The old dam held through the spring floods.")
    library.reload()  # built by the child process: told the layout too
    assert "weights" not in saved_files(knowledge) and library.from_cache
    assert library.answerer.answer("When did the bridge open to traffic?").answered

    default = Library(dataclasses.replace(compact, knowledge=KnowledgeSettings(path=knowledge)))
    assert not default.from_cache  # the other layout asked for: rebuilt, not kept
    assert "weights" in saved_files(knowledge) and "doc_ids_high" not in saved_files(knowledge)
    assert default.answerer.answer("When did the dam hold?").answered
