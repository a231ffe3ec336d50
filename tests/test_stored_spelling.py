"""The close-spelling tables saved with the index: read back, they find what built ones find."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.answering import Answerer
from bot.fuzzy import FuzzyVocabulary, SpellingSettings
from bot.knowledge import load_folder
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
    saved = read(arrays({"surface": SURFACE, "names": NAMES}))
    assert saved.min_length == SpellingSettings().min_length
    built = FuzzyVocabulary(SURFACE, NAMES)
    again = FuzzyVocabulary(tables=(saved.words, saved.names))
    assert found(again) == found(built)
    assert any(m.word == "lantern" for m in again.lookup("lanturn"))  # it finds, not just agrees
    assert any(m.word == "łódź" for m in again.lookup("łodź", name=True))  # non-ASCII
    assert again.lookup("banana") == ()  # and finds nothing where nothing is close


def test_empty_word_lists_save_empty_tables() -> None:
    saved = read(arrays({}))
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
    ],
)
def test_tables_that_do_not_fit_are_refused(damage: Any) -> None:
    saved = arrays({"surface": SURFACE, "names": NAMES})
    damage(saved)
    with pytest.raises(ValueError, match=r"spelling tables|do not fit"):
        read(saved)


def test_an_answerer_from_a_saved_index_searches_the_saved_tables(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    text = "The lantern festival lit the orchard by the harbour. " * 3
    meta = "title: Lanterns\nsource: Test Times\npublished: 2022-03-01"
    (folder / "lanterns.md").write_text(f"---\n{meta}\n---\n\n{text}\n")
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
