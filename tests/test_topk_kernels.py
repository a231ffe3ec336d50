"""The compiled MaxScore (bot/topk_kernels.py, through bot/topk.py's `top`) against the dense
scores and numpy's MaxScore: the same passages and the same floats, bit for bit."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any
from unittest.mock import Mock

import numba
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot
from bot import split_ids, topk
from bot.answering import Answerer
from bot.answering.candidates import best_passages, scores
from bot.index import Bm25Index, Bm25Params, MaximaMaker, collect
from bot.index_postings import ESCAPE, CodedFreqs, Counts, PairCodes, pair_codes
from bot.live_index import LiveIndex
from bot.topk_kernels import WINDOW, _weight, _weight64
from tests.test_topk import corpus, dense, exact_top, random_query


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`top` by the compiled kernel for one test (numpy's again after it)."""
    monkeypatch.setattr(topk._Compiled, "maxscore", None)
    assert topk.load_kernels()  # numba is a dependency: the kernel loads
    assert topk._Compiled.maxscore is not None
    yield


def numpy_top(
    index: Bm25Index, single: dict[str, float], groups: list[dict[str, float]], k: int
) -> tuple[list[int], dict[int, float]] | None:
    kernel, topk._Compiled.maxscore = topk._Compiled.maxscore, None
    try:
        return topk.top(index, single, groups, k)
    finally:
        topk._Compiled.maxscore = kernel


@pytest.mark.usefixtures("compiled")
def test_questions_use_the_signature_the_start_compiled() -> None:
    """`load_kernels` compiles (or reads from numba's cache) the kernel for the array types
    every question passes: a question of many words asks no other signature, which numba
    would compile in the answering thread (seconds the first time)."""
    from bot import topk_kernels

    loaded = list(topk_kernels.maxscore.signatures)
    rng = random.Random(5)
    index = Bm25Index(corpus(rng, 500), Bm25Params())
    for _ in range(20):
        single, groups = random_query(rng, 330)
        topk.top(index, single, groups, 12)
    assert list(topk_kernels.maxscore.signatures) == loaded


def unweighed(index: Bm25Index, most: int = ESCAPE, split: bool = False) -> Bm25Index:
    """`index` as a large saved index holds it: no posting weights but their pair codes (of
    the `most` commonest pairs), its frequencies in bytes and its lengths int16, so the
    compiled kernel computes each weight it reads (`Bm25Index.counts`); `split`: the
    postings' passages split in low bits and runs (bot/split_ids.py), which it reads so, and
    no frequencies but those the codes hold (`CodedFreqs`), as a large saved index's."""
    data, saved = index.data, replace(index.weights, postings=None)
    freqs, lengths = data.freqs.astype(np.uint8), data.lengths.astype(np.int16)
    ids = split_ids.plain(data.doc_ids)
    codes = pair_codes(freqs, lengths[ids], most)
    doc_ids = split_ids.split(ids) if split else ids
    coded = CodedFreqs(codes) if split else freqs  # as saved: no frequencies but the codes'
    narrow = replace(data, doc_ids=doc_ids, freqs=coded, lengths=lengths, weights=saved)
    found = Bm25Index(replace(narrow, codes=codes), index.params)
    counts = found.counts(data.terms[0])[0]
    assert found.weights.postings is None and counts is not None
    assert (counts.runs is not None) == split
    return found


PARAMS = [
    Bm25Params(),
    Bm25Params(variant="okapi"),
    Bm25Params(variant="l"),
    Bm25Params(k1=1.7, b=0.4, delta=0.7),
]


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("params", PARAMS)
def test_the_kernels_top_is_the_dense_top_bit_for_bit(params: Bm25Params) -> None:
    """Random queries of one-term words and words with alternatives (common ones and words
    the index lacks): the dense top, ties by passage order, each score the same float; and
    numpy's MaxScore's top where it proves one. The same from the index without its weights
    (a large saved index's), which the kernel computes from the frequencies."""
    rng = random.Random(21)
    index = Bm25Index(corpus(rng, 3000), params)
    counted, escaped = unweighed(index), unweighed(index, most=3)  # most pairs escaped
    assert (escaped.data.codes is not None) and (escaped.data.codes.codes == ESCAPE).mean() > 0.5
    split, split_escaped = unweighed(index, split=True), unweighed(index, most=3, split=True)
    with_numpy = 0
    for _ in range(300):
        single, groups = random_query(rng, 330)  # w300-w330 are in no passage
        k = rng.choice([1, 5, 12])
        found = topk.top(index, single, groups, k)
        assert found is not None  # passages holding a word beat one holding none
        total = dense(index, single, groups)
        docs, exact = found
        assert docs == exact_top(total, k)
        assert [exact[d] for d in docs] == [total[d] for d in docs]  # ==: the same floats
        assert topk.top(counted, single, groups, k) == topk.top(escaped, single, groups, k) == found
        assert topk.top(split, single, groups, k) == found
        assert topk.top(split_escaped, single, groups, k) == found
        by_numpy = numpy_top(index, single, groups, k)
        if by_numpy is not None:
            with_numpy += 1
            assert by_numpy == found
    assert with_numpy > 100


@pytest.mark.usefixtures("compiled")
def test_split_passages_over_many_runs_give_the_dense_top() -> None:
    """An index of 300,000 passages, most empty, its words' postings spread over every run of
    65,536 passages (a word in only one, at a run's edges; one in 6,000, whose window maxima
    are made from its low bits the same as from its weights), read split by the kernel
    (low bits, the runs' high bits sought; escaped pairs' passage lengths read by their
    whole ids): the dense top, each score the same float; `holds_within` searched without
    decoding the same as in the plain ids."""
    rng = random.Random(8)
    words = corpus(rng, 4000)
    docs: list[list[str]] = [[] for _ in range(300_000)]
    edges = [65_535, 65_536, 131_071, 131_072, 196_608, 262_143, 299_999]
    places = sorted(set(rng.sample(range(300_000), len(words) - len(edges)) + edges))
    for place, passage in zip(places, words, strict=False):
        docs[place] = passage
    docs[65_535].append("edge")
    docs[65_536].append("edge")
    for place in rng.sample(range(300_000), 6000):  # a word whose window maxima are kept
        docs[place] += ["often"] * rng.randint(1, 3)
    index = Bm25Index(docs, Bm25Params())
    split, escaped = unweighed(index, split=True), unweighed(index, most=3, split=True)
    assert isinstance(split.data.doc_ids, split_ids.SplitIds)
    assert len(split.data.doc_ids.high) > 20  # many runs: each term's starts in one of its own
    maker = topk._Compiled.maxima
    assert maker is not None
    made = [ix.window_maxima("often", topk.WINDOW_MAXIMA_FROM, maker)[0] for ix in (index, split)]
    assert made[0] is not None and made[1] is not None and np.array_equal(made[0], made[1])
    for _ in range(150):
        single, groups = random_query(rng, 330)
        if rng.random() < 0.2:
            single["edge"] = 1.0
        if rng.random() < 0.5:
            single["often"] = 0.8
        k = rng.choice([1, 5, 12])
        found = topk.top(index, single, groups, k)
        assert found is not None
        total = dense(index, single, groups)
        docs_found, exact = found
        assert docs_found == exact_top(total, k)
        assert [exact[d] for d in docs_found] == [total[d] for d in docs_found]
        assert topk.top(split, single, groups, k) == topk.top(escaped, single, groups, k) == found
    for term in ["edge", "w0", "w5", "w40", "w250"]:
        for first, last in [(0, 0), (65_530, 65_540), (65_536, 65_536), (131_000, 140_000)]:
            want = index.holds_within(term, first, last)
            assert split.holds_within(term, first, last) == want
        for first in rng.sample(range(300_000), 200):
            last = first + rng.choice([0, 3, 5000])
            assert split.holds_within(term, first, last) == index.holds_within(term, first, last)


@settings(max_examples=60, deadline=None)
@given(
    variant=st.sampled_from(["plus", "okapi", "l"]),
    k1=st.floats(0.1, 3.0),
    b=st.floats(0.0, 1.0),
    delta=st.floats(0.0, 2.0),
    seed=st.integers(0, 2**32),
)
def test_the_kernels_weights_are_a_builds_bit_for_bit(
    variant: str, k1: float, b: float, delta: float, seed: int
) -> None:
    """Every posting's weight as the kernel computes it from its pair code (frequency 1 to
    255, passage length up to 295), coded or escaped, and its term's IDF equals the build's:
    in float64 before the rounding (the same operations in the same order) and as the
    float32 weight."""
    rng = random.Random(seed)
    docs = [
        ["w0"] * rng.randint(1, 255) + [f"w{rng.randint(1, 9)}" for _ in range(rng.randint(0, 40))]
        for _ in range(60)
    ]
    built = Bm25Index(docs, Bm25Params(variant=variant, k1=k1, b=b, delta=delta))
    for counted in (unweighed(built), unweighed(built, most=rng.randint(0, 5))):
        for term, term_id in built.vocabulary.items():
            found, counts = built.segments(term), counted.counts(term)[0]
            assert found is not None and counts is not None
            ids, want, _, _ = found[0][0]
            lengths, norms, pairs, bm25, escapes = counts.weighing
            weighing = lengths, norms, pairs, bm25
            kernel_counts = counts.codes, escapes, counts.idf, weighing, counts.at
            got, got64 = kernel_weights(ids, kernel_counts)
            tf = built.data.freqs[built._span(term_id)].astype(np.float64)
            norm = built._norm[ids]
            assert np.array_equal(got64, built._weights_of(built.idf[[term_id]], tf, norm))
            assert np.array_equal(got, want)


@numba.njit
def kernel_weights(ids: Any, counts: Any) -> tuple[Any, Any]:
    """bot/topk_kernels.py's weights of a term's postings (`counts`: pair codes, frequencies,
    IDF, weighing), as float32 and before rounding."""
    found, found64 = np.empty(len(ids), np.float32), np.empty(len(ids))
    for i in range(len(ids)):
        found[i] = _weight(i, ids[i], counts)
        found64[i] = _weight64(i, ids[i], counts)
    return found, found64


@pytest.mark.usefixtures("compiled")
def test_a_live_index_over_both_segments_without_its_tombstones() -> None:
    """Main and delta segments (the main one's weights scaled to the live IDF) and tombstoned
    passages, never in the top: the live index's dense top, bit for bit."""
    rng = random.Random(9)
    base = Bm25Index(corpus(rng, 2500))
    dead = np.array(sorted(rng.sample(range(2500), 300)), np.int64)
    delta = collect(corpus(rng, 400))
    index = LiveIndex(base, delta, dead)
    counted = LiveIndex(unweighed(base), delta, dead)  # the main segment's weights computed
    delta_in_top = 0
    for _ in range(150):
        single, groups = random_query(rng, 320)
        found = topk.top(index, single, groups, k=12)
        assert found is not None
        total = dense(index, single, groups)
        docs, exact = found
        assert docs == exact_top(total, 12)
        assert [exact[d] for d in docs] == [total[d] for d in docs]
        assert not set(docs) & set(dead.tolist())
        assert topk.top(counted, single, groups, k=12) == found
        delta_in_top += any(d >= 2500 for d in docs)
    assert delta_in_top > 10


@pytest.mark.usefixtures("compiled")
def test_ties_keep_passage_order_across_windows() -> None:
    """Copies of one passage spread over several of the kernel's windows: the first ones."""
    filler = [["elm"]] * 5000
    docs = filler + [["pine", "cone"]] * 3 + filler + [["pine", "cone"]] * 4 + [["pine"]] * 50
    index = Bm25Index(docs)
    found = topk.top(index, {"cone": 1.0, "pine": 1.0}, k=5)
    assert found is not None
    assert found[0] == [5000, 5001, 5002, 10003, 10004]


@pytest.mark.usefixtures("compiled")
def test_empty_lists_and_a_one_passage_index() -> None:
    """Words the index lacks add nothing (a word with alternatives, none known, adds its
    floor of 0); a top of more passages than hold a word is not proved (the caller scores
    every passage), and neither is a query of unknown words alone."""
    index = Bm25Index([["solo", "word"]])
    found = topk.top(index, {"solo": 1.0, "absent": 1.0}, [{"gone": 0.5}], k=1)
    total = dense(index, {"solo": 1.0, "absent": 1.0}, [{"gone": 0.5}])
    assert found == ([0], {0: total[0]})
    assert topk.top(index, {"solo": 1.0}, k=2) is None
    assert topk.top(index, {"absent": 1.0}, [{"gone": 0.5}], k=1) is None
    larger = Bm25Index([["a", "b"], ["b"], ["c"]] * 10)
    assert topk.top(larger, {"a": 1.0}, k=11) is None  # ten hold "a": the 11th holds none


@pytest.mark.usefixtures("compiled")
def test_a_numpy_scalar_weight_takes_numpys_path() -> None:
    """numpy multiplies float32 weights by a NumPy float64 in float64 (a Python float in
    float32): the kernel is not given such a query, and the top is still the dense one."""
    rng = random.Random(4)
    index = Bm25Index(corpus(rng, 1000))
    single = {"w3": np.float64(0.7), "w40": 1.0}
    calls: list[object] = []
    kernel = topk._Compiled.maxscore
    assert kernel is not None
    topk._Compiled.maxscore = lambda *args: calls.append(args) or kernel(*args)
    try:
        found = topk.top(index, single, k=5)  # type: ignore[arg-type]
        topk.top(index, {"w3": 0.7, "w40": 1.0}, k=5)
    finally:
        topk._Compiled.maxscore = kernel
    assert len(calls) == 1  # the second query's only
    total = index.scores(single)  # type: ignore[arg-type]
    assert found is not None and found[0] == exact_top(total, 5)
    counted = unweighed(index)  # numpy's path reads weights: computed per term, the same top
    assert topk.top(counted, single, k=5) == found  # type: ignore[arg-type]


@pytest.mark.usefixtures("compiled")
def test_the_answerers_candidates_equal_the_dense_ones(many_answerer: Answerer) -> None:
    """The answer path's candidates with the kernel forced on for a small index: every
    passage's score's top, for a few hundred questions made of the index's own words."""
    index, k = many_answerer.index, many_answerer.settings.rules.rerank
    rng = random.Random(2)
    words = [w for p in many_answerer.knowledge.passages[:200] for w in p.text.split()[:6]]
    for _ in range(200):
        query = many_answerer.query(" ".join(rng.sample(words, rng.randint(2, 6))) + "?")
        if not query.units:
            continue
        found, kept = best_passages(index, query, k, prune_from=0)
        total = scores(index, query)
        assert found == exact_top(total, k)
        assert [kept[d] for d in found] == [total[d] for d in found]


def test_without_numba_numpys_maxscore_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    """numba not installed: `load_kernels` says so and `top` is numpy's, the same top."""
    monkeypatch.setattr(topk._Compiled, "maxscore", None)
    monkeypatch.setitem(sys.modules, "numba", None)  # `import numba` fails
    monkeypatch.delitem(sys.modules, "bot.topk_kernels", raising=False)  # imported anew
    monkeypatch.delattr(bot, "topk_kernels", raising=False)
    assert not topk.load_kernels()
    assert topk._Compiled.maxscore is None
    rng = random.Random(6)
    index = Bm25Index(corpus(rng, 2000))
    found = topk.top(index, {"w30": 1.0}, [{"w50": 1.0, "w51": 0.5}], k=5)
    total = dense(index, {"w30": 1.0}, [{"w50": 1.0, "w51": 0.5}])
    assert found is not None and found[0] == exact_top(total, 5)


def topical(rng: random.Random, windows: int) -> list[list[str]]:
    """Passages in runs over several of the kernel's windows, each run on its own topic (words
    t{run}-{i} common there and nowhere else) beside Zipf-like words shared by all: a topic
    word's maxima are zero outside its run, and its weights differ from run to run."""
    from bot import topk_kernels

    docs = []
    for run in range(windows):
        for _ in range(topk_kernels.WINDOW):
            shared = rng.choices(
                [f"w{i}" for i in range(60)], [1 / (i + 1) for i in range(60)], k=4
            )
            topic = [f"t{run}-{rng.randint(0, 6)}" for _ in range(rng.randint(0, 3))]
            docs.append(shared + topic * rng.randint(1, 2) + ["pad"] * rng.randint(0, 20))
    return docs


def topical_query(
    rng: random.Random, windows: int
) -> tuple[dict[str, float], list[dict[str, float]]]:
    """A topic's words and shared ones; a word with alternatives may hold one in no passage."""

    def term(last: int) -> str:
        return rng.choice(
            [f"t{rng.randrange(windows)}-{rng.randint(0, 6)}", f"w{rng.randint(0, last)}"]
        )

    single = {term(59): rng.choice([1.0, 0.5, 0.8]) for _ in range(rng.randint(1, 3))}
    groups = [{term(60): rng.choice([1.0, 0.4]) for _ in range(rng.randint(2, 4))}]
    return single, groups[: rng.randint(0, 1)]


@pytest.fixture
def every_list_bounded(monkeypatch: pytest.MonkeyPatch, compiled: None) -> None:
    """Every term's weights' maxima by window kept, not only long lists'."""
    monkeypatch.setattr(topk, "WINDOW_MAXIMA_FROM", 1)


Queries = list[tuple[dict[str, float], list[dict[str, float]]]]


def assert_dense_tops(index: Bm25Index, queries: Queries) -> None:
    """Each query's top by the kernel is proved and is the dense top, bit for bit."""
    for single, groups in queries:
        found = topk.top(index, single, groups, 10)
        assert found is not None
        total = dense(index, single, groups)
        docs, exact = found
        assert docs == exact_top(total, 10)
        assert [exact[d] for d in docs] == [total[d] for d in docs]


@pytest.mark.usefixtures("every_list_bounded")
@pytest.mark.parametrize("variant", ["plus", "okapi", "l"])
def test_window_bounds_keep_the_dense_top(variant: str) -> None:
    """Topics in runs of passages over six windows: words bounded by their maxima in each
    window (zero outside their topic's run: windows skipped, words not read there) give the
    dense top, passages and floats, as whole-list bounds do."""
    rng = random.Random(31)
    index = Bm25Index(topical(rng, 6), Bm25Params(variant=variant))
    queries = [topical_query(rng, 6) for _ in range(150)]
    assert_dense_tops(index, queries)
    assert len(index._maxima) > 40  # the queries' words were bounded by window
    counted = unweighed(index)  # its maxima made from the frequencies: the same, the same tops
    for single, groups in queries:
        assert topk.top(counted, single, groups, 10) == topk.top(index, single, groups, 10)
    assert counted._maxima.keys() == index._maxima.keys()
    for term_id, maxima in index._maxima.items():
        assert np.array_equal(counted._maxima[term_id], maxima)


@pytest.mark.usefixtures("every_list_bounded")
def test_window_bounds_too_low_lose_the_top(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window bounds are what prunes: each window's maxima halved, some top is no longer
    the dense one (so the test above fails for a bound below a window's largest weight)."""
    rng = random.Random(31)
    index = Bm25Index(topical(rng, 6))
    queries = [topical_query(rng, 6) for _ in range(150)]
    made = Bm25Index.window_maxima

    def halved(self: Bm25Index, term: str, least: int, make: MaximaMaker) -> list[object]:
        return [None if m is None else m * np.float32(0.5) for m in made(self, term, least, make)]

    monkeypatch.setattr(Bm25Index, "window_maxima", halved)
    with pytest.raises(AssertionError):
        assert_dense_tops(index, queries)


@pytest.mark.usefixtures("every_list_bounded")
def test_window_bounds_of_a_live_index() -> None:
    """A live index over six windows: the main segment's maxima scaled by its factor (its
    weights are the saved ones), none for the delta's, tombstones never in the top."""
    rng = random.Random(8)
    base = Bm25Index(topical(rng, 6))
    dead = np.array(sorted(rng.sample(range(base.size), 2000)), np.int64)
    delta = collect(topical(rng, 1)[:600])
    index = LiveIndex(base, delta, dead)
    counted = LiveIndex(unweighed(base), delta, dead)
    queries = [topical_query(rng, 6) for _ in range(100)]
    assert_dense_tops(index, queries)
    for single, groups in queries:
        found = topk.top(index, single, groups, 10)
        assert found is not None and not set(found[0]) & set(dead.tolist())
        assert topk.top(counted, single, groups, 10) == found


def test_window_maxima_by_window_of_passages() -> None:
    """A term's largest weight in each window; 0.0 where the window holds none of its
    postings, and a weight of zero or below kept above 0.0 (so 0.0 means none)."""
    from bot.topk_kernels import window_maxima

    ids = np.array([0, 3, WINDOW + 1, 3 * WINDOW, 3 * WINDOW + 9, 5 * WINDOW], np.int32)
    weights = np.array([1.5, 2.5, 0.5, 0.0, -1.0, 0.25], np.float32)
    maxima = window_maxima(ids, weights, 5 * WINDOW + 1)  # windows 0 to 5, the last partial
    assert maxima.dtype == np.float32
    assert maxima[[0, 1, 2, 4, 5]].tolist() == [2.5, 0.5, 0.0, 0.0, 0.25]
    assert 0.0 < maxima[3] < 1e-37
    assert window_maxima(ids[:0], weights[:0], 2 * WINDOW).tolist() == [0.0, 0.0]


@pytest.mark.usefixtures("compiled")
def test_a_kernel_half_loaded_leaves_numpys_maxscore(monkeypatch: pytest.MonkeyPatch) -> None:
    """`load_kernels` sets the kernel and its maxima maker one after the other, in the
    background preparation, while questions are answered: a question that finds only the
    kernel set takes numpy's MaxScore, the same top (it once failed an assertion)."""
    monkeypatch.setattr(topk._Compiled, "maxima", None)
    rng = random.Random(11)
    index = Bm25Index(corpus(rng, 2000))
    found = topk.top(index, {"w30": 1.0}, [{"w50": 1.0, "w51": 0.5}], k=5)
    total = dense(index, {"w30": 1.0}, [{"w50": 1.0, "w51": 0.5}])
    assert found is not None and found[0] == exact_top(total, 5)


def test_an_index_weighed_from_its_pair_codes_counts_them_in_its_memory() -> None:
    """`Bm25Index.nbytes` (bench's index_mib) holds the pair codes where they replace the
    weights (36.6 MB at 1M, as the weights held 146.6)."""
    counted = unweighed(Bm25Index(corpus(random.Random(4), 500)))
    codes = counted.data.codes
    assert codes is not None
    plain = Bm25Index(replace(counted.data, codes=None), counted.params)
    assert plain.weights.postings is None  # neither keeps weights
    kept = codes.codes.nbytes + codes.pairs.nbytes + codes.escapes.nbytes + codes.escaped.nbytes
    assert counted.nbytes == plain.nbytes + kept


def test_frequencies_decoded_from_pair_codes_are_the_postings() -> None:
    """A large saved index keeps no frequencies but its pair codes and the escaped postings'
    (`CodedFreqs`): any slice of them is the frequencies', escaped ones (here most of them,
    past a byte too) included."""
    rng = np.random.default_rng(3)
    freqs = rng.integers(1, 400, 5000).astype(np.int32)
    lengths = rng.integers(1, 9, 5000).astype(np.int16)
    for most in (0, 3, ESCAPE):
        coded = CodedFreqs(pair_codes(freqs, lengths, most))
        assert np.array_equal(coded.whole(), freqs)
        assert (most == ESCAPE) or len(coded.coded.escapes) > 4000
        for _ in range(200):
            start = int(rng.integers(0, 5000))
            stop = int(rng.integers(start, 5001))
            assert np.array_equal(coded[start:stop], freqs[start:stop])


def test_frequencies_decoded_past_two_billion_postings_stop_at_the_slice() -> None:
    """Past 2**31 postings the escapes' places are int64 (`pair_codes`): a slice ending
    there fills in the escaped postings inside it only, not those after it (a virtual
    array of codes: no memory)."""
    size = 2**31 + 100
    codes = np.broadcast_to(np.uint8(0), (size,))  # every posting of pair 0: frequency 3
    places = np.array([5, 2**31 + 50, 2**31 + 90], np.int64)
    escaped = np.array([7, 9, 11], np.uint8)
    coded = CodedFreqs(PairCodes(codes, np.array([[3, 4]], np.int32), places, escaped))
    found = coded[2**31 + 40 : 2**31 + 60]
    assert found.tolist() == [3] * 10 + [9] + [3] * 9
    assert coded[0:10].tolist() == [3] * 5 + [7] + [3] * 4


def _split_maxima(
    low: list[int], first: int, starts: Any, high: Any, size: int
) -> npt.NDArray[np.float32]:
    """The maxima maker's window maxima of a split segment's low bits `low`, its first
    posting at `first` among the index's, whose runs are `starts` and `high`."""
    maker = topk._Compiled.maxima
    assert maker is not None
    counted = Counts(np.zeros(len(low), np.uint8), first, 1.0, topk._UNWEIGHED, (starts, high))
    return maker(np.array(low, np.uint16), counted, size)


@pytest.mark.usefixtures("compiled")
def test_split_maxima_decodes_ids_in_the_runs_it_is_given() -> None:
    """A segment's low bits decoded by the runs that hold its places: passages 5 and 7 in run
    0 (high bits 0), 65,545 in run 1 (high bits 1), from a segment's first place or further."""
    starts, high = np.array([0, 2, 3], np.int32), np.array([0, 1], np.uint16)
    for first, low in ((0, [5, 7, 9]), (1, [7, 9])):
        made = _split_maxima(low, first, starts, high, 70_000)
        assert np.flatnonzero(made).tolist() == [0, 65_545 // WINDOW]
    made = _split_maxima([9], 2, starts, high, 70_000)  # the last run's only posting
    assert np.flatnonzero(made).tolist() == [65_545 // WINDOW]


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize(
    ("starts", "high", "first", "count"),
    [
        ([0, 0], [0], 0, 1),  # load_kernels' probe's runs until now: its one run holds none
        ([0, 2], [0], 1, 2),  # the segment ends past the last run
        ([0, 2, 5], [0, 1], 5, 1),  # it starts at the end
        ([0, 2], [0, 1], 0, 1),  # one start fewer than runs
    ],
)
def test_split_maxima_refuses_runs_that_do_not_hold_the_postings(
    starts: list[int], high: list[int], first: int, count: int
) -> None:
    """The kernel reads the runs without bounds checks: load_kernels' probe gave it runs whose
    one run held no posting, so it looked for the posting's run in the memory past them and
    wrote a window's maximum as far past its array as the bytes there said (segmentation
    faults, and LLVM's assertions at exit, in the twentieth round's 1M processes). Runs
    that don't hold the segment's places are refused before the kernel reads them."""
    runs = np.array(starts, np.int32), np.array(high, np.uint16)
    with pytest.raises(ValueError, match=f"do not hold postings {first} to {first + count}"):
        _split_maxima([0] * count, first, *runs, WINDOW)


@pytest.mark.usefixtures("compiled")
def test_split_maxima_refuses_runs_of_other_types() -> None:
    """The kernel views the starts as int32 and the high bits as uint16: a split index's int64
    starts (past 2**31 postings) are refused, not read as twice as many int32 values."""
    with pytest.raises(ValueError, match="int64 starts"):
        _split_maxima([0], 0, np.array([0, 1], np.int64), np.zeros(1, np.uint16), WINDOW)
    with pytest.raises(ValueError, match="int32 high bits"):
        _split_maxima([0], 0, np.array([0, 1], np.int32), np.zeros(1, np.int32), WINDOW)


@pytest.mark.usefixtures("compiled")
def test_the_kernels_probes_are_in_the_kernels_contract() -> None:
    """Loading the kernels runs each on a probe; the split one's runs hold its posting (the
    maker checks them: it raises otherwise), so no first call reads past its arrays."""
    topk._runs_holding(topk._PROBE_RUNS, 0, 1)  # no error
    with pytest.raises(ValueError):
        topk._runs_holding(topk._NO_RUNS, 0, 1)  # what the probe was given until now
    assert topk._loaded()


def test_the_kernels_are_loaded_once_by_one_thread_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two preparations at once (a start's background one and a reload's, or a caller's own
    `prepare()` beside the start's) each made the kernels' first calls: `load_kernels` runs
    them in one thread, once. (The crashes first blamed on this were the probe's runs:
    `test_split_maxima_refuses_runs_that_do_not_hold_the_postings`.)"""
    monkeypatch.setattr(topk._Compiled, "maxscore", None)
    loading, inside, most = topk._loaded, [0], [0]

    def slow() -> bool:
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        time.sleep(0.05)  # the other threads arrive meanwhile
        try:
            return loading()
        finally:
            inside[0] -= 1

    calls = Mock(side_effect=slow)
    monkeypatch.setattr(topk, "_loaded", calls)
    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(lambda _: topk.load_kernels(), range(4)))
    assert calls.call_count == 1 and most[0] == 1
    assert topk._Compiled.maxscore is not None and topk.load_kernels()
    assert calls.call_count == 1  # loaded: not again
