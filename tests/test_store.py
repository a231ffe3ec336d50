"""The saved index: reused only while nothing changed, rebuilt when stale or damaged."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot import fact_records, store_files, topk
from bot.answering import Answerer
from bot.answering.candidates import best_passages
from bot.config import KnowledgeSettings, RetrievalSettings, load_settings
from bot.file_array import FileArray
from bot.index import Bm25Params
from bot.index_postings import plain_freqs
from bot.knowledge import load_folder
from bot.postings import build_postings
from bot.split_ids import plain
from bot.store import (
    MANIFEST,
    CacheError,
    Sources,
    cache_dir_for,
    code_fingerprint,
    folder_state,
    load,
    load_or_build,
    manifest_bytes,
    save,
    scan,
)
from bot.store_files import file_sha256
from bot.store_manifest import FORMAT
from bot.stored_spelling import TabledWords
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


def generation(folder: Path) -> Path:
    """The folder of the saved index's files in use."""
    return cache(folder) / str(read_manifest(cache(folder))["generation"])


def read_manifest(cache_dir: Path) -> dict[str, Any]:
    return dict(json.loads((cache_dir / MANIFEST).read_bytes().partition(b"\n")[2]))


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
    assert list(second.knowledge.articles) == list(first.knowledge.articles)
    assert list(second.knowledge.passages) == list(first.knowledge.passages)
    assert [second.knowledge.passages[i] for i in (2, 0, -1)] == [
        first.knowledge.passages[i] for i in (2, 0, -1)
    ]
    assert [str(e) for e in second.knowledge.errors] == [str(e) for e in first.knowledge.errors]
    assert list(second.postings.terms) == list(first.postings.terms)
    for name in ("indptr", "doc_ids", "freqs", "lengths"):
        saved, built = getattr(second.postings, name), getattr(first.postings, name)
        assert np.array_equal(plain(saved), built)  # passage ids are saved split
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


def texts(loaded_passages: object) -> list[str]:
    return [p.text for p in loaded_passages]  # type: ignore[attr-defined]


DAMAGED = ["doc_ids.npy", "text_blocks.npy", "articles.json", "source_digests.npy"]


@pytest.mark.parametrize("name", [*DAMAGED, "spelling_text.npy", MANIFEST])
def test_a_damaged_cache_is_rebuilt_never_trusted(
    folder: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    good = texts(load_or_build(folder, cache(folder)).knowledge.passages)
    path = cache(folder) / name if name == MANIFEST else generation(folder) / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x55
    path.write_bytes(bytes(data))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))  # clock ticks
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        again = load_or_build(folder, cache(folder))
    assert not again.from_cache
    assert "not used" in caplog.text
    assert texts(again.knowledge.passages) == good
    assert load_or_build(folder, cache(folder)).from_cache  # and the rebuild was saved


@pytest.mark.parametrize(
    "name",
    ["doc_ids.npy", "text_blocks.npy", "articles.json", "source_stats.npy", "spelling_marks.npy"],
)
def test_damage_that_keeps_size_and_mtime_is_caught_by_the_full_check(
    folder: Path, name: str
) -> None:
    """Starting trusts a stat; the reload's child process (full=True) reads every byte."""
    good = texts(load_or_build(folder, cache(folder)).knowledge.passages)
    path = generation(folder) / name
    before = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x55
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(CacheError, match=r"checksum|unreadable"):  # a damaged .npy header
        load(cache(folder), folder_state(folder), code_fingerprint(), full=True)
    again = load_or_build(folder, cache(folder), full=True)
    assert not again.from_cache and texts(again.knowledge.passages) == good


def test_a_stale_cache_is_not_checksummed_first(folder: Path) -> None:
    """A reload's full check reads every byte of a cache it would use; one whose knowledge
    files changed is rebuilt without that (0.8 s at 1M passages)."""
    load_or_build(folder, cache(folder))
    write(folder, "ports", "The harbour of Mariupol was shelled.")
    with pytest.raises(CacheError, match="knowledge files changed"):
        load(cache(folder), folder_state(folder), code_fingerprint(), full=True)


def test_a_truncated_or_missing_data_file_is_rebuilt(folder: Path) -> None:
    load_or_build(folder, cache(folder))
    (generation(folder) / "doc_ids.npy").write_bytes(b"")
    assert not load_or_build(folder, cache(folder)).from_cache
    (generation(folder) / "articles.json").unlink()
    assert not load_or_build(folder, cache(folder)).from_cache
    (generation(folder) / "extra").write_bytes(b"a file the build did not write")
    assert not load_or_build(folder, cache(folder)).from_cache
    (generation(folder) / "spelling_text.npy").write_bytes(b"\x93NUMPY")  # a cut-off table
    assert not load_or_build(folder, cache(folder)).from_cache


def _damage(folder: Path, name: str, damage: Any) -> Any:
    """Saved array `name` replaced by `damage` of it, and the manifest's record of its file
    (size, time, checksum) made to match, so that only the full check can tell; the array
    as it was is returned."""
    path = generation(folder) / f"{name}.npy"
    values = np.load(path)
    path.unlink()  # a new file: the old one may still be mapped
    np.save(path, damage(values))
    manifest = read_manifest(cache(folder))
    found = path.stat()
    saved = manifest["data"]["files"][f"{name}.npy"]
    saved.update(size=found.st_size, mtime_ns=found.st_mtime_ns, sha256=file_sha256(path))
    (cache(folder) / MANIFEST).write_bytes(manifest_bytes(manifest))
    return values


def test_arrays_that_do_not_fit_are_rejected_even_with_a_matching_checksum(folder: Path) -> None:
    load_or_build(folder, cache(folder))
    _damage(folder, "doc_ids", lambda doc_ids: doc_ids + 1000)  # out of range
    with pytest.raises(CacheError, match="do not fit"):
        load(cache(folder), folder_state(folder), code_fingerprint(), full=True)


def test_the_saved_weights_are_mapped_and_other_settings_recompute_them(folder: Path) -> None:
    load_or_build(folder, cache(folder))
    cached = load_or_build(folder, cache(folder))
    assert cached.postings.weights is not None
    assert cached.postings.weights.params == Bm25Params()
    same = Answerer(cached.knowledge, postings=cached.postings)
    assert same.index.weights.postings is not None
    assert not same.index.weights.postings.flags.owndata  # not recomputed: the mapped file
    other = Answerer(cached.knowledge, RetrievalSettings(k1=2.0), cached.postings)
    assert other.index.weights.postings is not None
    assert other.index.weights.postings.flags.owndata
    fresh = Answerer(load_folder(folder), RetrievalSettings(k1=2.0))
    same_answers(other, fresh, QUESTIONS)
    same_answers(same, Answerer(load_folder(folder)), QUESTIONS)


@pytest.mark.parametrize(
    "params",
    [Bm25Params(), Bm25Params(delta=0.7), Bm25Params(variant="okapi"), Bm25Params(variant="l")],
)
def test_the_absent_scores_computed_at_a_start_are_a_builds_bit_for_bit(
    folder: Path, params: Bm25Params
) -> None:
    """No absent-scores are saved: a start computes them from the saved IDFs as a build did
    (BM25+: the IDFs times delta, the mapped IDFs themselves when delta is 1), equal bit for
    bit to those of an index built in this process, and answers the same."""
    load_or_build(folder, cache(folder), params=params)
    cached = load_or_build(folder, cache(folder), params=params)
    assert cached.from_cache and cached.postings.weights is not None
    assert not (generation(folder) / "absent.npy").exists()
    settings = RetrievalSettings(variant=params.variant, delta=params.delta)
    same = Answerer(cached.knowledge, settings, cached.postings)
    built = Answerer(load_folder(folder), settings)
    assert same.index.weights.postings is not None  # the saved weights, not recomputed
    assert not same.index.weights.postings.flags.owndata
    got, want = same.index.absent, built.index.absent
    assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
    assert (got is same.index.idf) == (params.variant == "plus" and params.delta == 1.0)
    assert got.any() == (params.variant == "plus")  # real scores, or none
    same_answers(same, built, QUESTIONS)


def test_a_mapped_index_stays_readable_after_rebuilds_replace_it(folder: Path) -> None:
    """Each build writes a new generation: the files a serving process mapped are never
    rewritten (a truncated mapped file would kill it with SIGBUS), only unlinked."""
    load_or_build(folder, cache(folder))
    serving = load_or_build(folder, cache(folder))
    assert serving.from_cache
    before = [(p.text, p.article.title) for p in serving.knowledge.passages]
    first = generation(folder)
    for body in ("The harbour of Mariupol was shelled.", "The harbour of Kherson reopened."):
        write(folder, "ports", body)
        assert not load_or_build(folder, cache(folder)).from_cache
    assert not first.exists()  # two builds later, the first generation is gone
    assert [(p.text, p.article.title) for p in serving.knowledge.passages] == before
    assert len(list(cache(folder).glob("g-*"))) == 2  # the current one and the previous


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
    surface = ["12", "5km", "ab", "harbour", "odesa", "ports", "x-ray", "ünïcode"]
    extras = {"surface": surface, "names": ["de", "kyiv"], "empty": []}
    with_extras = replace(postings, extras=extras)
    cache_dir = cache(folder)
    state, fingerprint = folder_state(folder), code_fingerprint()
    save(cache_dir, state, fingerprint, kb, with_extras)
    _, loaded = load(cache_dir, state, fingerprint)
    assert {name: list(words) for name, words in loaded.extras.items()} == extras
    # a tabled list (the close-spelling tables') is saved as the words its table lacks
    saved = {path.stem for path in generation(folder).glob("*.npy")}
    assert {"rest_surface", "rest_names"} <= saved and "extra_surface" not in saved
    rest = loaded.extras["surface"]
    assert isinstance(rest, TabledWords) and list(rest.rest) == ["12", "5km", "ab", "x-ray"]
    assert rest[3:5] == ["harbour", "odesa"] and len(rest) == len(surface)
    with pytest.raises(ValueError, match="newline"):
        save(cache_dir, state, fingerprint, kb, replace(postings, extras={"bad": ["a\nb"]}))


def test_a_start_rehashes_only_the_files_whose_stat_changed(folder: Path) -> None:
    sources = scan(folder)
    state = sources.state()
    assert state == folder_state(folder)
    assert scan(folder, known=sources) is sources  # nothing changed: the saved record itself
    recorded = Sources.of({**state, "ports.md": "recorded"}, sources.stats)
    assert scan(folder, known=recorded).state()["ports.md"] == "recorded"  # same stat: not read
    path = folder / "ports.md"
    same_size = path.read_text().replace("Odesa", "Kyiv!")
    path.write_text(same_size)
    assert len(same_size.encode()) == int(sources.stats[list(sources.names).index("ports.md"), 0])
    rescanned = scan(folder, known=recorded).state()
    assert rescanned["ports.md"] == folder_state(folder)["ports.md"] != state["ports.md"]
    assert rescanned["courts.md"] == state["courts.md"]
    write(folder, "ports", "The harbour of Mariupol was shelled.")  # and a start sees it
    load_or_build(folder, cache(folder))
    assert any("Mariupol" in p.text for p in load_or_build(folder, cache(folder)).knowledge.passages)


def test_a_start_sees_added_removed_and_renamed_files_against_the_saved_record(
    folder: Path,
) -> None:
    sources = scan(folder)
    write(folder, "added", "A new article about wheat.", "wheat")
    (folder / "courts.md").rename(folder / "tribunals.md")
    (folder / "broken.md").unlink()
    rescanned = scan(folder, known=sources)
    assert rescanned.state() == folder_state(folder)
    assert set(rescanned.state()) == {"added.md", "ports.md", "tribunals.md"}
    assert not rescanned.same_files(sources)
    assert rescanned.same_files(Sources.of(folder_state(folder)))  # stats play no part


def listings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each folder listing (the real os.listdir still runs)."""
    seen: list[str] = []
    real = os.listdir

    def counted(path: Any) -> Any:
        seen.append(str(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", counted)
    return seen


def quiet(folder: Path) -> None:
    """The folder as if its last add, removal or rename were a minute ago."""
    stamp = folder.stat().st_mtime_ns - 60 * 10**9
    os.utime(folder, ns=(stamp, stamp))


def test_a_quiet_unchanged_folder_is_not_listed_again_but_every_file_is_still_checked(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet(folder)
    recorded = scan(folder)
    listed = listings(monkeypatch)
    assert scan(folder, known=recorded) is recorded and not listed
    path = folder / "ports.md"
    path.write_text(path.read_text().replace("Odesa", "Kyiv!"))  # in place: same names
    edited = scan(folder, known=recorded)
    assert not listed
    assert edited.state() == folder_state(folder) != recorded.state()
    listed.clear()
    write(folder, "added", "A new article about wheat.", "wheat")  # the folder's mtime moves
    added = scan(folder, known=recorded)
    assert listed and "added.md" in added.state()


def test_a_folder_changed_just_before_its_scan_is_listed_next_time(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within QUIET_NS of a change a timestamp may not move for the next one (git's 'racy'
    entries): such a record is never trusted to hold the names."""
    write(folder, "added", "A new article about wheat.", "wheat")
    recorded = scan(folder)
    listed = listings(monkeypatch)
    assert scan(folder, known=recorded) is recorded
    assert listed


def compact(folder: Path) -> None:
    """Save `folder`'s index compact (knowledge.cache_compact): no posting weights, split ids."""
    built = load_or_build(folder, cache(folder))
    save(cache(folder), scan(folder), code_fingerprint(), built.knowledge, built.postings, True)


def test_the_saved_arrays_are_narrow(folder: Path) -> None:
    load_or_build(folder, cache(folder))
    saved = {p.stem: np.load(p, mmap_mode="r") for p in generation(folder).glob("*.npy")}
    assert saved["weights"].dtype == np.float32 and saved["doc_ids"].dtype == np.int32
    assert saved["facts_records"].dtype == np.uint8  # zstd frames: bot/fact_records.py
    frames = -(-len(saved["rows"]) // fact_records.GROUP)  # one every GROUP passages
    assert len(saved["facts_records_frames_at"]) == frames + 1
    assert saved["facts_records_head"][0] == 2  # headers in int16
    assert not {"facts_terms", "facts_sentences_at", "facts_spans", "facts_document"} & set(saved)
    for name in ("indptr", "facts_records_frames_at"):
        assert saved[name].dtype == np.int32, name
    # the texts' and words' offsets as their steps (store_files.stepped), no IDFs: a start's
    assert saved["offsets"].dtype == saved["text_starts"].dtype == np.uint16
    assert saved["term_offsets"].dtype == saved["restoffsets_surface"].dtype == np.uint8
    assert "idf" not in saved and saved["spelling_marks"].dtype == np.int32
    assert saved["lengths"].dtype == np.int16
    assert saved["rows"].dtype.itemsize == 6 and "absent" not in saved  # one byte a column
    compact(folder)
    saved = {p.stem: np.load(p, mmap_mode="r") for p in generation(folder).glob("*.npy")}
    assert "weights" not in saved  # computed per term from the frequencies
    assert saved["doc_ids"].dtype == np.uint16 and {"doc_ids_runs", "doc_ids_high"} <= set(saved)
    assert saved["facts_records"].dtype == np.uint8 and saved["facts_words_at"].dtype == np.int32


@pytest.mark.parametrize(
    "offsets",
    [[0], [0, 3, 3, 258], [0, 70_000, 70_001], [0, 5, 4], [2, 5], np.arange(0, 2**20, 255)],
)
def test_offsets_are_saved_as_their_steps_when_they_fit_and_read_back_the_same(
    offsets: list[int], tmp_path: Path
) -> None:
    """Offsets from 0 that step by less than 2**16 are saved as their steps in one or two
    bytes (`stepped`) and summed again at a start (`unstepped`); steps too large, offsets
    going back or not from 0 are saved whole, int32, and read as they are."""
    values = np.asarray(offsets, np.int64)
    saved = store_files.stepped(values)
    top = int(np.diff(values).max(initial=0))
    whole = values[0] != 0 or bool(np.any(np.diff(values) < 0)) or top >= 2**16
    kind = np.int32 if whole else np.uint8 if top < 2**8 else np.uint16
    assert saved.dtype == kind and len(saved) == len(values) - (not whole)
    path = tmp_path / "a.npy"
    np.save(path, saved)
    for read in (np.load(path, mmap_mode="r"), FileArray(path)):  # mapped, read on demand
        got = np.asarray(store_files.unstepped(read))
        assert got.tolist() == values.tolist() and got.dtype == np.int32


def test_a_compact_index_computes_the_same_postings_and_answers_bit_for_bit(
    folder: Path,
) -> None:
    compact(folder)
    cached = load_or_build(folder, cache(folder))
    assert cached.from_cache
    same = Answerer(cached.knowledge, postings=cached.postings)
    assert same.index.weights.postings is None  # no posting weights saved: per term
    assert same.index.term_max is not None and not same.index.term_max.flags.owndata  # mapped
    built = Answerer(load_folder(folder)).index
    assert same.index.idf.tobytes() == built.idf.tobytes()  # not saved: computed bit for bit
    for term, term_id in built.vocabulary.items():  # equal to a build's, bit for bit
        saved_id = same.index.term_id(term)
        assert saved_id is not None
        pairs = zip(same.index._postings_of(saved_id), built._postings_of(term_id), strict=True)
        assert all(np.array_equal(got, want) for got, want in pairs)
        assert same.index.doc_count(term) == len(built.postings(term))
    same_answers(same, Answerer(load_folder(folder)), QUESTIONS)
    other = Answerer(cached.knowledge, RetrievalSettings(k1=2.0), cached.postings)
    same_answers(other, Answerer(load_folder(folder), RetrievalSettings(k1=2.0)), QUESTIONS)


def test_a_large_index_saves_pair_codes_not_weights_and_answers_bit_for_bit(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From `store_files.UNWEIGHED_FROM` passages on (300k: the fixture's few here) a saved
    index keeps no weight per posting but each posting's (frequency, length) code, no
    frequencies but the escaped postings', and its passages split (two bytes and runs); the
    compiled kernel computes the weights from them, numpy's paths per term: the same tops,
    scores and answers as a build's."""
    monkeypatch.setattr(store_files, "UNWEIGHED_FROM", 1)
    load_or_build(folder, cache(folder))
    saved = {p.stem: np.load(p, mmap_mode="r") for p in generation(folder).glob("*.npy")}
    assert "weights" not in saved and "freqs" not in saved  # the codes hold the frequencies
    assert saved["codes"].dtype == np.uint8 and saved["doc_ids"].dtype == np.uint16  # split
    assert len(saved["codes"]) == len(saved["doc_ids"]) and "doc_ids_high" in saved
    cached = load_or_build(folder, cache(folder))
    assert cached.from_cache and cached.postings.codes is not None
    built_postings = build_postings(load_folder(folder).passages)  # the same frequencies
    assert np.array_equal(plain_freqs(cached.postings.freqs), built_postings.freqs)
    same = Answerer(cached.knowledge, postings=cached.postings)
    built = Answerer(load_folder(folder))
    assert same.index.weights.postings is None and same.index._counted
    same_answers(same, built, QUESTIONS)
    monkeypatch.setattr(topk._Compiled, "maxscore", None)  # numpy's again after the test
    monkeypatch.setattr(topk._Compiled, "maxima", None)
    assert topk.load_kernels()
    by_kernel = 0
    for question in [*QUESTIONS, "harbour court grain ships", "who closed the harbour"]:
        query, other = same.query(question), built.query(question)
        for k in (1, 3, 12):
            found, scores = best_passages(same.index, query, k, prune_from=0)
            expected, want = best_passages(built.index, other, k, prune_from=0)
            assert found == expected and [scores[d] for d in found] == [want[d] for d in found]
            by_kernel += isinstance(scores, dict)  # proved by the kernel, not scored densely
    assert by_kernel >= 5


def test_pair_codes_that_are_not_the_postings_are_rejected(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_files, "UNWEIGHED_FROM", 1)
    load_or_build(folder, cache(folder))
    _damage(folder, "code_pairs", lambda pairs: pairs + 1)  # every coded pair another's
    with pytest.raises(CacheError, match="do not fit"):
        load(cache(folder), folder_state(folder), code_fingerprint(), full=True)
    assert not load_or_build(folder, cache(folder), full=True).from_cache  # rebuilt


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("packed_acronyms_starts", lambda starts: starts[:-1].copy()),  # chunks past their starts
        ("packed_acronyms_firstsat", lambda at: at[:-1].copy()),  # a chunk without a first line
        ("packed_acronyms_starts", lambda starts: starts[:0].copy()),  # no chunk at all
    ],
)
def test_packed_word_lists_that_do_not_fit_are_rejected_even_with_a_matching_checksum(
    folder: Path, name: str, damage: Any
) -> None:
    load_or_build(folder, cache(folder))
    values = _damage(folder, name, damage)
    assert len(values) > 1  # the fixture's articles spell acronyms
    with pytest.raises(CacheError, match="word list does not fit"):
        load(cache(folder), folder_state(folder), code_fingerprint(), full=True)
    assert not load_or_build(folder, cache(folder)).from_cache  # rebuilt


def test_a_cache_of_the_previous_format_is_rebuilt_and_said_so(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Format 19 saved the IDFs and the texts' and words' offsets whole: rebuilt, not read
    as this format (whose readers would take them)."""
    load_or_build(folder, cache(folder))
    manifest = read_manifest(cache(folder))
    assert manifest["format"] == 20 == FORMAT
    (cache(folder) / MANIFEST).write_bytes(manifest_bytes({**manifest, "format": 19}))
    with caplog.at_level(logging.WARNING):
        again = load_or_build(folder, cache(folder))
    assert not again.from_cache
    assert "not used: written by another cache format" in caplog.text
    assert load_or_build(folder, cache(folder)).from_cache  # saved again in this format


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("doc_ids_runs", lambda runs: runs[:-1]),  # runs that stop short of the ids
        ("doc_ids_high", lambda high: high + 7),  # passage ids past every passage
        ("facts_records_frames_at", lambda at: at[:-1].copy()),  # a frame short of a passage
        ("facts_records", lambda frames: frames[::-1].copy()),  # frames that do not decompress
        ("facts_records_head", lambda head: head - np.array([0, 1, 0, 0])),  # past the largest
        ("facts_records_head", lambda head: head + np.array([2, 0, 0, 0])),  # int16 as int32
        ("facts_records_head", lambda head: head[:2].copy()),  # a record a frame (format 18)
        ("spelling_marks", lambda marks: marks[::-1].copy()),  # a table's lines out of order
        ("spelling_parts", lambda parts: np.append(parts[:2], parts[2:] + 1)),  # longer tables
    ],
)
def test_split_ids_that_do_not_fit_are_rejected_even_with_a_matching_checksum(
    folder: Path, name: str, damage: Any
) -> None:
    compact(folder)
    _damage(folder, name, damage)
    with pytest.raises(CacheError, match="do not fit"):
        load(cache(folder), folder_state(folder), code_fingerprint(), full=True)
    assert not load_or_build(folder, cache(folder), full=True).from_cache  # rebuilt


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("offsets", lambda steps: steps[:-1].copy()),  # a text short: the articles' moved
        ("offsets", lambda steps: np.full_like(steps, 60_000)),  # past the last block
        ("term_offsets", lambda steps: steps + 1),  # words past their blob's end
        ("text_starts", lambda steps: steps[1:].copy()),  # a block short
        ("restoffsets_surface", lambda steps: steps + 1),  # a word list past its blob's end
    ],
)
def test_offsets_saved_as_steps_that_do_not_fit_are_rejected_with_a_matching_checksum(
    folder: Path, name: str, damage: Any
) -> None:
    load_or_build(folder, cache(folder))
    assert _damage(folder, name, damage).dtype.kind == "u"  # saved as steps
    with pytest.raises(CacheError, match=r"do not fit|does not fit|not where"):
        load(cache(folder), folder_state(folder), code_fingerprint(), full=True)
    assert not load_or_build(folder, cache(folder), full=True).from_cache  # rebuilt
