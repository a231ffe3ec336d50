"""The close-spelling tables saved with the index: read back, they find what built ones find."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.answering import Answerer
from bot.config import KnowledgeSettings, RetrievalSettings, Settings
from bot.fuzzy import FuzzyVocabulary, SpellingSettings, Table
from bot.knowledge import load_folder
from bot.library import Library
from bot.postings import build_postings
from bot.store import load_or_build
from bot.store_files import Words
from bot.stored_spelling import arrays, read
from bot.text import term

SURFACE = ["lantern", "lanterns", "gravel", "orchard", "photo", "kharkiv", "khan", "karim"]
SURFACE += ["zając", "łódź", "harbour", "harbourmaster", "harbinger", "o", "ab", "x1y"]
NAMES = ["kharkiv", "khan", "karim", "łódź", "norwegian"]
PROBES = ["lanturn", "gravle", "orchird", "foto", "harkiv", "kahn", "zajac", "lodz", "harbours"]
PROBES += ["norway", "kv", "banana", "łodź", "ab"]


def found(vocabulary: FuzzyVocabulary) -> list[Any]:
    return [
        (vocabulary.lookup(p), vocabulary.lookup(p, name=True), vocabulary.relatives(p))
        for p in PROBES
    ]


def test_saved_tables_find_what_built_ones_do() -> None:
    saved = read(arrays({"surface": SURFACE, "names": NAMES}, SpellingSettings()))
    assert saved.min_length == SpellingSettings().min_length
    built = FuzzyVocabulary(SURFACE, NAMES)
    again = FuzzyVocabulary(tables=(saved.words, saved.names))
    assert found(again) == found(built)
    assert any(m.word == "lantern" for m in again.lookup("lanturn"))  # it finds, not just agrees
    assert any(m.word == "łódź" for m in again.lookup("łodź", name=True))  # non-ASCII
    assert again.lookup("banana") == ()  # and finds nothing where nothing is close


def test_empty_word_lists_save_empty_tables() -> None:
    saved = read(arrays({}, SpellingSettings()))
    vocabulary = FuzzyVocabulary(tables=(saved.words, saved.names))
    assert vocabulary.lookup("lanturn") == () and vocabulary.relatives("harbours") == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda a: a.pop("spelling_parts"),
        lambda a: a.update(spelling_text=a["spelling_text"][:-3]),
        lambda a: a.update(spelling_marks=a["spelling_marks"][:-1]),
        lambda a: a.update(spelling_parts=a["spelling_parts"][:-2]),
        lambda a: a.update(spelling_parts=np.concatenate([[8], a["spelling_parts"][1:]])),
        lambda a: a.pop("spelling_starts"),
        lambda a: a.update(spelling_starts=a["spelling_starts"][:-1]),
        lambda a: a.update(spelling_starts=a["spelling_starts"][::-1].copy()),
    ],
)
def test_tables_that_do_not_fit_are_refused(damage: Any) -> None:
    saved = arrays({"surface": SURFACE, "names": NAMES}, SpellingSettings())
    damage(saved)
    with pytest.raises(ValueError, match=r"spelling tables|do not fit"):
        read(saved)


def lanterns(tmp_path: Path) -> Path:
    """A knowledge folder of one article."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    text = "The lantern festival lit the orchard by the harbour. " * 3
    meta = "title: Lanterns\nsource: Test Times\npublished: 2022-03-01"
    (folder / "lanterns.md").write_text(f"---\n{meta}\n---\n\n{text}\n")
    return folder


def test_an_answerer_from_a_saved_index_searches_the_saved_tables(tmp_path: Path) -> None:
    folder = lanterns(tmp_path)
    load_or_build(folder, tmp_path / "cache")
    loaded = load_or_build(folder, tmp_path / "cache")
    assert loaded.from_cache and isinstance(loaded.postings.extras, Words)
    answerer = Answerer(loaded.knowledge, postings=loaded.postings)
    assert answerer.vocabulary.fuzzy.tables[0] is loaded.postings.extras.spelling.words
    built = Answerer(load_folder(folder), postings=build_postings(load_folder(folder).passages))
    question = "When was the lanturn festival in the orchird?"
    units = answerer.query(question).units
    assert units == built.query(question).units
    assert {u.word: set(u.terms) for u in units}["lanturn"] == {term("lantern")}
    # another min_length than the one saved: tables made from the word lists, as before
    other = Answerer(
        loaded.knowledge,
        answerer.settings.__class__(spelling=SpellingSettings(min_length=5)),
        loaded.postings,
    )
    assert other.vocabulary.fuzzy.tables[0] is not loaded.postings.extras.spelling.words
    # from the whole lists, the words the saved tables lack saved apart (TabledWords): a
    # build's lists and tables for that min_length
    lists = build_postings(load_folder(folder).passages).extras
    for name, table in zip(("surface", "names"), other.vocabulary.fuzzy.tables, strict=True):
        assert list(loaded.postings.extras[name]) == lists[name]
        assert table.listed() == Table.of(lists[name], 5).listed()
    five = SpellingSettings(min_length=5)
    found = other.vocabulary.fuzzy.tables[0].similar("orchird", five)
    assert "orchard" in found and found == Table.of(lists["surface"], 5).similar("orchird", five)


def test_an_operators_min_length_gets_tables_saved_for_it(tmp_path: Path) -> None:
    folder, cache = lanterns(tmp_path), tmp_path / "cache"
    close = SpellingSettings(min_length=6)
    settings = Settings(
        knowledge=KnowledgeSettings(path=folder, cache_dir=str(cache)),
        retrieval=RetrievalSettings(spelling=close),
    )
    assert not Library(settings).from_cache  # a start: built here, and saved
    loaded = load_or_build(folder, cache)
    assert loaded.from_cache and isinstance(loaded.postings.extras, Words)
    saved = loaded.postings.extras.spelling
    assert saved.min_length == 6 != SpellingSettings().min_length
    # the next start makes no tables: it searches the saved ones
    answerer = Answerer(loaded.knowledge, settings.retrieval, loaded.postings)
    assert answerer.vocabulary.fuzzy.tables[0] is saved.words
    assert Library(settings).from_cache
    # a reload's build in a child process saves them for the setting too
    library = Library(settings)
    shutil.rmtree(cache)
    library.reload()
    assert library.from_cache  # the child built and saved; this process read what it saved
    again = load_or_build(folder, cache)
    assert isinstance(again.postings.extras, Words)
    assert again.postings.extras.spelling.min_length == 6
    # not when the operator keeps the default: tables for it
    shutil.rmtree(cache)
    assert not Library(Settings(knowledge=settings.knowledge)).from_cache
    default = load_or_build(folder, cache).postings.extras
    assert isinstance(default, Words) and default.spelling.min_length == 4
