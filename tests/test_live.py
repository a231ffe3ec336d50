"""Live adds, changes and removals (bot/live.py): real files, the real Library reload path,
a real saved index on disk; answers reflect a change at once, a restart keeps it, a merge
gives what a full build gives, and a broken file in an add takes nothing down."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from bot.answering import Answerer
from bot.bench_corpus import generate, source_sentences
from bot.config import KnowledgeSettings, Settings
from bot.index import Bm25Index
from bot.knowledge import load_folder
from bot.library import Library
from bot.live_index import LiveIndex
from bot.store import MANIFEST, read_manifest
from bot.text import term
from tests.conftest import KNOWLEDGE

QUESTION = "When did the {word} bridge open?"


def article(word: str, day: int = 3, title: str = "A bridge opens") -> str:
    return (
        f"---\ntitle: {title}\nsource: Test Times\nurl: https://example.com/{word}\n"
        f"published: 2022-05-0{day}\n---\n\nThe {word} bridge over the river opened on"
        f" {day} May 2022, after four years of building.\n\nIt cost the city 41 million"
        f" euros, and carries {word} trams and bicycles.\n"
    )


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed")
    generate(folder, 600, source_sentences(KNOWLEDGE), seed=5)
    return folder


@pytest.fixture
def folder(seed: Path, tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(seed, target)
    return target


def settings_for(folder: Path, merge: int = 1_000) -> Settings:
    cache = str(folder.parent / "cache")
    knowledge = KnowledgeSettings(
        path=folder, cache_dir=cache, live_from=0, merge_passages=merge, merge_share=1.0
    )
    return Settings(knowledge=knowledge)


def best_text(library: Library, word: str) -> str:
    best = library.answerer.answer(QUESTION.format(word=word)).best
    return best.passage.text if best is not None else ""


def test_add_change_remove_are_answered_at_once(folder: Path) -> None:
    library = Library(settings_for(folder))
    assert "quenvil" not in best_text(library, "quenvil")
    (folder / "bridge.md").write_text(article("quenvil"))
    report = library.reload()
    assert report.added == ("A bridge opens",) and not report.removed and not report.changed
    assert isinstance(library.answerer.index, LiveIndex)  # no full build
    assert "quenvil bridge" in best_text(library, "quenvil")
    assert report.seconds < 5

    (folder / "bridge.md").write_text(article("zorbat", day=7, title="Another bridge"))
    report = library.reload()
    assert report.changed == ("Another bridge",) and not report.added
    assert "zorbat bridge" in best_text(library, "zorbat")
    assert "quenvil" not in best_text(library, "quenvil")  # the old version is tombstoned

    old = next(p for p in sorted(folder.glob("article-*.md")))
    words = library.answerer.knowledge.passages[library.answerer.article_spans[old.name][0]]
    old.unlink()
    (folder / "bridge.md").unlink()
    report = library.reload()
    assert set(report.removed) == {"Another bridge", words.article.title}
    assert "zorbat" not in best_text(library, "zorbat")
    assert old.name not in library.answerer.article_spans
    assert report.articles == len(list(folder.glob("*.md")))


def test_a_reload_naming_its_files_looks_at_them_alone(folder: Path) -> None:
    library = Library(settings_for(folder))
    (folder / "bridge.md").write_text(article("quenvil"))
    (folder / "tram.md").write_text(article("vestrel", title="Trams"))  # a silent copy
    report = library.reload(["bridge.md"])  # an admin's add
    assert report.added == ("A bridge opens",)
    assert "quenvil bridge" in best_text(library, "quenvil")
    assert "vestrel" not in best_text(library, "vestrel")  # not looked at yet
    (folder / "bridge.md").unlink()
    (folder.parent / "escape.md").write_text(article("outsider", title="Outside"))
    report = library.reload(["bridge.md", "never-there.md", "../escape.md"])  # a removal
    assert report.removed == ("A bridge opens",) and not report.added  # nothing outside
    assert library.reload().added == ("Trams",)  # /reload looks at every file
    assert "vestrel bridge" in best_text(library, "vestrel")
    assert "quenvil" not in best_text(library, "quenvil")


def served(library: Library) -> dict[str, str]:
    return {a.key: a.digest for a in library.answerer.articles}


def parsed(folder: Path) -> dict[str, str]:
    return {a.key: a.digest for a in load_folder(folder).articles}


def test_reload_after_admins_adds_and_silent_edits_serves_the_folder_as_it_is(
    folder: Path,
) -> None:
    """`/reload` takes from its look at every file only what changed since the last one
    (bot/store_scan.py's rescan, in a child process) and what admins named meanwhile."""
    library = Library(settings_for(folder))
    stories = sorted(folder.glob("article-*.md"))
    (folder / "bridge.md").write_text(article("quenvil"))
    library.reload(["bridge.md"])  # an admin's add
    (folder / "tram.md").write_text(article("vestrel", title="Trams"))  # silent add
    edited = stories[3].read_text().replace(" the ", " a ", 1)
    stories[3].write_text(edited)  # silent edit in place
    stories[5].unlink()  # silent removal
    report = library.reload()
    assert report.added == ("Trams",) and len(report.changed) == len(report.removed) == 1
    assert served(library) == parsed(folder)
    (folder / "bridge.md").write_text(article("zorbat", day=7, title="Another bridge"))
    library.reload(["bridge.md"])  # an admin's change, then a silent one of the same file
    (folder / "bridge.md").write_text(article("quenvil", day=8, title="A third bridge"))
    (folder / "tram.md").unlink()
    library.reload(["tram.md"])  # an admin's removal
    stories[3].write_text(stories[3].read_text() + "\nA last paragraph about the trams.\n")
    report = library.reload()
    assert "A third bridge" in report.changed and len(report.changed) == 2
    assert not report.added and not report.removed  # the tram: removed by the admin's
    assert served(library) == parsed(folder)
    report = library.reload()  # a look that finds nothing changes nothing
    assert not report.added and not report.removed and not report.changed
    assert served(library) == parsed(folder)


def test_a_restart_keeps_the_delta_without_parsing_it(folder: Path) -> None:
    library = Library(settings_for(folder))
    (folder / "bridge.md").write_text(article("quenvil"))
    library.reload()
    manifest = read_manifest(folder.parent / "cache" / MANIFEST)
    assert (
        "delta" in manifest and (folder.parent / "cache" / manifest["delta"]["generation"]).is_dir()
    )

    again = Library(settings_for(folder))
    assert isinstance(again.answerer.index, LiveIndex)
    assert "quenvil bridge" in best_text(again, "quenvil")
    passages = again.answerer.knowledge.passages
    assert type(passages.delta).__name__ == "StoredPassages"  # type: ignore[attr-defined]

    (folder / "bridge.md").unlink()  # changed while the bot was down: the difference is applied
    third = Library(settings_for(folder))
    assert "quenvil" not in best_text(third, "quenvil")


def spelled(library: Library, word: str) -> set[str]:
    """The index terms a question's unknown `word` is matched to (its close spellings)."""
    return set(library.answerer.vocabulary.word_unit(word).terms)


def test_close_spellings_follow_live_adds_and_removals(folder: Path) -> None:
    (folder / "ferry.md").write_text(article("marlowick"))  # in the main index from the start
    library = Library(settings_for(folder))
    assert term("marlowick") in spelled(library, "marlowik")
    assert not spelled(library, "quenvill")
    (folder / "bridge.md").write_text(article("quenvil"))
    library.reload(["bridge.md"])  # an add: the delta's own tables
    assert isinstance(library.answerer.index, LiveIndex)
    assert term("quenvil") in spelled(library, "quenvill")
    (folder / "ferry.md").unlink()
    library.reload(["ferry.md"])  # a removal: tombstoned, still in the main index's tables
    assert term("marlowick") not in spelled(library, "marlowik")
    assert term("quenvil") in spelled(library, "quenvill")
    again = Library(settings_for(folder))  # a restart: the saved delta's saved tables
    assert term("quenvil") in spelled(again, "quenvill")
    assert term("marlowick") not in spelled(again, "marlowik")


def test_forget_drops_the_records_of_the_main_table_and_the_delta_s(folder: Path) -> None:
    """`forget` on a live add's answerer (how docs/cost.py asks questions as new) raised an
    AttributeError once a misspelt word had built the joined close spellings, and kept the
    records read for the last questions in the main index's table and the delta's. No answer
    came from a stale one: a record is kept by a passage's place in its own table, which no
    live add changes, and a removed article's places are tombstoned
    (`test_add_change_remove_are_answered_at_once`)."""
    library = Library(settings_for(folder))
    base = library.answerer
    (folder / "bridge.md").write_text(article("quenvil"))
    library.reload()
    live = library.answerer
    assert isinstance(live.index, LiveIndex) and live.tables[:-1] == base.tables
    assert "quenvil bridge" in best_text(library, "quenvill")  # a close spelling: joined tables
    kept = [(table, table.record(0)) for table in live.tables]
    assert all(table.record(0) is record for table, record in kept)  # kept until `forget`
    live.forget()
    assert all(table.record(0) is not record for table, record in kept)  # read anew
    assert "quenvil bridge" in best_text(library, "quenvill")


def test_a_merge_gives_what_a_full_build_gives(folder: Path) -> None:
    library = Library(settings_for(folder, merge=2))
    (folder / "bridge.md").write_text(article("quenvil"))
    for name in sorted(p.name for p in folder.glob("article-*.md"))[:1]:
        (folder / name).unlink()
    library.reload()
    merging = library._merging
    assert merging is not None  # the delta holds more than 2 passages
    merging.join(timeout=300)  # the full build, in a child process
    answerer = library.answerer
    assert type(answerer.index) is Bm25Index and "delta" not in read_manifest(
        folder.parent / "cache" / MANIFEST
    )
    fresh = Answerer(load_folder(folder))
    for question in [QUESTION.format(word="quenvil"), "What did the mayor say?", "Who won?"]:
        ours, theirs = answerer.answer(question), fresh.answer(question)
        assert [h.passage.text for h in ours.hits] == [h.passage.text for h in theirs.hits]
        np.testing.assert_allclose([h.score for h in ours.hits], [h.score for h in theirs.hits])


def test_a_broken_file_in_an_add_is_reported_and_serving_goes_on(folder: Path) -> None:
    library = Library(settings_for(folder))
    (folder / "bridge.md").write_text(article("quenvil"))
    library.reload()
    (folder / "bomb.md").write_text("---\na: &a [x, x]\nb: &b [*a, *a]\n---\nbody\n")
    (folder / "binary.md").write_bytes(b"\xff\xfe" + bytes(range(256)) * 40)
    (folder / "bridge.md").write_text("---\ntitle: [unclosed\n---\nnothing")  # broke: keep
    (folder / "tram.md").write_text(article("vestrel", title="Trams"))
    report = library.reload()
    assert {e.path.name for e in report.errors} >= {"bomb.md", "binary.md", "bridge.md"}
    assert all(len(e.reason) < 400 for e in report.errors)
    assert report.added == ("Trams",)
    assert "vestrel bridge" in best_text(library, "vestrel")
    assert "quenvil bridge" in best_text(library, "quenvil")  # its last good version


def test_a_live_add_refuses_links_out_of_the_folder(folder: Path) -> None:
    """A live add reads its files one by one (bot/live.py), not through the full build's
    folder walk: a link out of the folder, or up out of it, is named and never served
    (tests/test_hostile_files.py holds the full build to the same)."""
    library = Library(settings_for(folder))
    (folder.parent / "secret.md").write_text(article("quenvil"))
    (folder / "leak.md").symlink_to(folder.parent / "secret.md")
    (folder / "up.md").symlink_to("../secret.md")
    (folder / "tram.md").write_text(article("vestrel", title="Trams"))
    report = library.reload()
    assert isinstance(library.answerer.index, LiveIndex) and report.added == ("Trams",)
    reasons = {e.path.name: e.reason for e in report.errors}
    refused = "symbolic link to a file outside the knowledge folder: refused"
    assert reasons == {"leak.md": refused, "up.md": refused}
    assert "quenvil" not in best_text(library, "quenvil")
    library.reload(["leak.md", "up.md"])  # named alone, as the watcher names them
    assert "quenvil" not in best_text(library, "quenvil")


def test_an_add_takes_milliseconds_and_answers_stay_fast(folder: Path) -> None:
    library = Library(settings_for(folder))
    library.answerer.prepare()
    (folder / "bridge.md").write_text(article("quenvil"))
    started = time.perf_counter()
    library.reload()
    assert time.perf_counter() - started < 2.0  # measured: ~0.05 s here; a loaded CI machine
    assert "quenvil bridge" in best_text(library, "quenvil")


def test_settings_are_typed_and_checked(tmp_path: Path) -> None:
    from bot.config import load_settings
    from bot.errors import NewsbotError

    config = tmp_path / "config.yaml"
    config.write_text(f"knowledge:\n  path: {tmp_path}\n  merge_passages: 0\n")
    with pytest.raises(NewsbotError, match=r"knowledge\.merge_passages"):
        load_settings(config)
