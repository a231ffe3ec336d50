"""Facts computed once at build time (bot/fact_build.py) are the facts
`passage_facts` gives, passage by passage, built in this process or read from the saved,
memory-mapped index; and a saved index whose fact arrays do not fit is not used."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot import fact_records
from bot.answering import Answerer
from bot.answering.fact_table import FactArrays
from bot.answering.facts import passage_facts
from bot.config import RetrievalSettings
from bot.fact_build import build_facts
from bot.index import Bm25Index
from bot.knowledge import Article, KnowledgeBase, Passage, load_folder
from bot.postings import build_postings
from bot.rules import RuleSettings
from bot.store import load_or_build
from bot.stored import StoredPassages
from bot.stored_facts import PREFIX, fits, plain
from tests.conftest import KNOWLEDGE, MANY_ARTICLES, SHARED

FOLDERS = [KNOWLEDGE, MANY_ARTICLES, SHARED / "eval" / "news" / "articles"]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
@pytest.mark.parametrize("name_parts", [True, False])
def test_built_and_saved_facts_are_the_facts_of_each_passage(
    folder: Path, name_parts: bool, tmp_path: Path
) -> None:
    settings = RetrievalSettings(rules=RuleSettings(name_parts=name_parts))
    built = Answerer(load_folder(folder), settings)
    load_or_build(folder, tmp_path / "cache")
    loaded = load_or_build(folder, tmp_path / "cache")
    assert loaded.from_cache and isinstance(loaded.knowledge.passages, StoredPassages)
    assert loaded.postings.facts is not None  # saved with the index, not rebuilt at start
    saved = Answerer(loaded.knowledge, settings, loaded.postings)
    for answerer in (built, saved):
        passages = answerer.knowledge.passages
        for i, passage in enumerate(passages):
            expected = passage_facts(passage, name_parts=name_parts)
            assert answerer.facts[i] == expected, (folder.name, i, passage.text[:60])
            assert answerer.facts[i].pairs == expected.pairs


def _article(paragraphs: tuple[str, ...], caption: str = "", credit: str = "") -> Article:
    return Article(
        key="a.md",
        title="Harbour works",
        source="The Test Times",
        url="",
        published=None,
        paragraphs=paragraphs,
        caption=caption,
        caption_credit=credit,
    )


def test_sentences_that_are_not_substrings_and_words_the_index_lacks() -> None:
    """An abbreviation's parts re-joined with one space ("U.S.  Navy" written with two)
    are kept as texts of their own; hint words no passage holds get ids of their own."""
    text = "Ships of the U.S.  Navy docked at 9 am. Marta Lindqvist said the pier held."
    caption = "Cranes at the pier in May."
    article = _article((text, "Lindqvist left on Tuesday."), caption, "Photo: Ola Berg")
    passages = [
        Passage(article, 1, text),
        Passage(article, 2, "Lindqvist left on Tuesday."),
        Passage(article, 0, caption, kind="caption", index_text=f"{caption} Photo: Ola Berg"),
    ]
    postings = build_postings(passages)
    index = Bm25Index(postings)
    arrays = build_facts(passages, index.term_id, len(postings.terms))
    assert len(arrays["texts_at"]) == 2  # one sentence stored as a text of its own
    assert len(arrays["words_at"]) > 1  # e.g. the photo words, in no passage
    assert fits(arrays, len(passages), len(postings.terms), full=True)
    table = FactArrays(arrays, passages, postings.terms)
    for i, passage in enumerate(passages):
        assert table[i] == passage_facts(passage)
    assert "marta" in table[1].terms  # the surname rule: "Lindqvist" implies Marta
    kb = KnowledgeBase([article], passages)
    assert Answerer(kb).facts[1] == passage_facts(passages[1])


def test_fact_arrays_that_do_not_fit_are_refused() -> None:
    article = _article(("One sentence here. And a second one.",))
    passages = [Passage(article, 1, article.paragraphs[0])]
    postings = build_postings(passages)
    arrays = build_facts(passages, Bm25Index(postings).term_id, len(postings.terms))
    count = len(postings.terms)
    assert fits(arrays, 1, count, full=True)
    assert not fits(arrays, 2, count)  # another passage count
    assert not fits({k: v for k, v in arrays.items() if k != "cues"}, 1, count)
    wrong = dict(arrays, terms=arrays["terms"] + 10_000)  # term ids beyond every table
    assert fits(wrong, 1, count) and not fits(wrong, 1, count, full=True)
    short = dict(arrays, terms_at=arrays["terms_at"][:-1])
    assert not fits(short, 1, count)


def test_a_damaged_fact_array_means_a_rebuild(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_or_build(KNOWLEDGE, cache)
    manifest = (cache / "manifest.json").read_bytes().partition(b"\n")[2]
    generation = cache / json.loads(manifest)["generation"]
    facts = {p.stem.removeprefix(PREFIX): np.load(p) for p in generation.glob(f"{PREFIX}*")}
    unfolded = dict(plain(facts))  # each passage's sentences a frame (bot/fact_records.py)
    unfolded["terms"] = unfolded["terms"] + (1 << 30)  # term ids beyond every table
    for name, array in fact_records.saved(unfolded).items():
        path = generation / f"{PREFIX}{name}.npy"
        path.unlink()  # a new file: a mapped one is never rewritten in place
        np.save(path, array)
    loaded = load_or_build(KNOWLEDGE, cache, full=True)
    assert not loaded.from_cache  # the full check refused it, and the index was rebuilt
    assert fits(
        loaded.postings.facts or {}, len(loaded.knowledge.passages), len(loaded.postings.terms)
    )
