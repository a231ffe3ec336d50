"""Bm25Index against its reference definition, rank-bm25, on random corpora."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from bot import split_ids
from bot.index import Bm25Index, Bm25Params, PostingsBuilder, collect
from bot.split_ids import plain

VARIANTS = {"okapi": BM25Okapi, "plus": BM25Plus, "l": BM25L}
RTOL, ATOL = 1e-6, 1e-5  # weights are float32; okapi sums terms of both signs


def reference(corpus: Sequence[Sequence[str]], params: Bm25Params) -> Any:
    cls = VARIANTS[params.variant]
    if params.variant == "okapi":
        return cls(corpus, k1=params.k1, b=params.b, epsilon=params.epsilon)
    return cls(corpus, k1=params.k1, b=params.b, delta=params.delta)


def assert_same_ranking(ours: np.ndarray, theirs: np.ndarray) -> None:
    """Same order wherever the reference scores differ by more than float32 noise."""
    order = np.argsort(-theirs, kind="stable")
    ranked = ours[order]
    gaps = theirs[order][:-1] - theirs[order][1:]
    real = gaps > ATOL + RTOL * np.abs(theirs[order][:-1])
    assert np.all(ranked[:-1][real] > ranked[1:][real])


def random_corpus(rng: random.Random, docs: int, vocab: int, max_len: int) -> list[list[str]]:
    words = [f"w{i}" for i in range(vocab)]
    weights = [1 / (i + 1) for i in range(vocab)]  # Zipf-like, so some words are common
    return [rng.choices(words, weights, k=rng.randint(1, max_len)) for _ in range(docs)]


PARAMS = st.builds(
    Bm25Params,
    variant=st.sampled_from(sorted(VARIANTS)),
    k1=st.floats(0.1, 3.0),  # rank-bm25 divides 0 by 0 for absent terms at k1 = 0
    b=st.floats(0.0, 1.0),
    delta=st.floats(0.0, 2.0),
    epsilon=st.floats(0.0, 1.0),
)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), params=PARAMS, docs=st.integers(1, 60))
def test_same_scores_and_ranking_as_rank_bm25(seed: int, params: Bm25Params, docs: int) -> None:
    rng = random.Random(seed)
    corpus = random_corpus(rng, docs, vocab=rng.randint(2, 40), max_len=25)
    ours = Bm25Index(corpus, params)
    theirs = reference(corpus, params)
    for _ in range(5):
        query = rng.choices([*ours.vocabulary, "unknown"], k=rng.randint(1, 6))
        expected = theirs.get_scores(query)
        got = ours.scores(query)
        assert np.allclose(got, expected, rtol=RTOL, atol=ATOL)
        assert_same_ranking(got, expected)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_larger_corpus_matches(variant: str) -> None:
    rng = random.Random(7)
    corpus = random_corpus(rng, 2000, vocab=3000, max_len=80)
    params = Bm25Params(variant=variant)
    ours, theirs = Bm25Index(corpus, params), reference(corpus, params)
    for _ in range(10):
        query = rng.sample(list(ours.vocabulary), 4)
        expected = theirs.get_scores(query)
        assert np.allclose(ours.scores(query), expected, rtol=RTOL, atol=ATOL)
        top = np.argsort(-expected, kind="stable")[:10]
        assert_same_ranking(ours.scores(query)[top], expected[top])


def test_weighted_query_is_a_weighted_sum_of_single_terms() -> None:
    corpus = [["kremlin", "war", "crime"], ["war", "ukraine"], ["court", "crime", "crime"]]
    index = Bm25Index(corpus)
    mixed = index.scores({"war": 1.0, "crime": 0.5})
    assert np.allclose(mixed, index.scores(["war"]) + 0.5 * index.scores(["crime"]))
    # A repeated token in a list counts like a weight of 2, as in rank-bm25.
    assert np.allclose(index.scores(["war", "war"]), index.scores({"war": 2.0}))
    assert np.allclose(
        index.scores(["war", "war"]), BM25Plus(corpus, k1=1.2).get_scores(["war"] * 2)
    )


def test_unknown_terms_score_nothing() -> None:
    index = Bm25Index([["a", "b"], ["c"], ["b"]])
    assert np.array_equal(index.scores(["zzz"]), np.zeros(3))
    assert np.array_equal(index.scores({}), np.zeros(3))
    assert np.allclose(index.scores(["a", "zzz"]), index.scores(["a"]))
    assert index.postings("zzz").size == 0
    assert index.term_id("zzz") is None
    assert index.term_idf("zzz") == index.unseen_idf > index.term_idf("b")


def test_empty_documents_are_counted_but_never_match() -> None:
    corpus: list[list[str]] = [[], ["a", "b"], [], ["b"]]
    for variant in VARIANTS:
        params = Bm25Params(variant=variant)
        index = Bm25Index(corpus, params)
        assert index.size == 4
        expected = reference(corpus, params).get_scores(["b", "a"])
        assert np.allclose(index.scores(["b", "a"]), expected, rtol=RTOL)
    assert list(Bm25Index(corpus).postings("b")) == [1, 3]


def test_single_document_and_empty_index() -> None:
    for variant in VARIANTS:
        params = Bm25Params(variant=variant)
        index = Bm25Index([["only", "one", "one"]], params)
        expected = reference([["only", "one", "one"]], params).get_scores(["one", "x"])
        assert np.allclose(index.scores(["one", "x"]), expected, rtol=RTOL)
    empty = Bm25Index([])
    assert empty.size == 0 and empty.scores(["a"]).shape == (0,)
    assert empty.unseen_idf == pytest.approx(np.log(2))


def test_postings_and_holds_use_ascending_doc_ids() -> None:
    rng = random.Random(3)
    corpus = random_corpus(rng, 300, vocab=50, max_len=20)
    index = Bm25Index(corpus)
    for term in index.vocabulary:
        ids = index.postings(term)
        assert list(ids) == [i for i, doc in enumerate(corpus) if term in doc]
        assert index.doc_freq[index.vocabulary[term]] == len(ids)
    for doc_id in (0, 150, 299):
        assert index.held(doc_id, [*index.vocabulary, "nope"]) == set(corpus[doc_id])
        assert not index.holds(doc_id, "nope")
    for first, last in ((0, 0), (10, 40), (290, 299)):
        for term in [*index.vocabulary, "nope"]:
            expected = any(term in corpus[i] for i in range(first, last + 1))
            assert index.holds_within(term, first, last) is expected


def test_a_terms_postings_are_kept_as_views_and_scores_do_not_change() -> None:
    """A built index's postings are read as views of its arrays, kept per term (a new
    question meets the same terms): the same ids and weights, no values copied, and the same
    scores when a term is read again; an index whose passages are not in memory keeps none."""
    corpus = random_corpus(random.Random(7), 200, vocab=30, max_len=12)
    index = Bm25Index(corpus)
    first = index.scores({"w1": 1.0, "w2": 0.5})
    for term, term_id in index.vocabulary.items():
        ids, weights = index._postings_of(term_id)
        assert ids.base is not None and weights.base is not None  # views, not copies
        assert list(ids) == [i for i, doc in enumerate(corpus) if term in doc]
        again = index._postings_of(term_id)
        assert again[0] is ids and again[1] is weights  # kept
    assert np.array_equal(index.scores({"w1": 1.0, "w2": 0.5}), first)
    saved = replace(index.data, doc_ids=split_ids.split(plain(index.data.doc_ids)))
    assert Bm25Index(saved)._views is None  # passages read from split arrays: none kept


def test_vocabulary_and_idf_line_up() -> None:
    corpus = [["b", "a"], ["a", "c"], ["a"]]
    index = Bm25Index(corpus, Bm25Params(variant="plus"))
    assert list(index.vocabulary) == ["b", "a", "c"]  # first-seen order
    assert index.term_idf("a") == pytest.approx(np.log(4 / 3))
    assert index.term_idf("b") == pytest.approx(np.log(4 / 1))
    assert index.idf[index.vocabulary["c"]] == pytest.approx(np.log(4))


def test_index_from_postings_equals_index_from_documents() -> None:
    corpus = random_corpus(random.Random(5), 100, vocab=30, max_len=15)
    params = Bm25Params(variant="okapi", k1=1.5)
    direct = Bm25Index(corpus, params)
    via = Bm25Index(collect(iter(corpus)), params)
    assert np.array_equal(direct.scores(["w1", "w3"]), via.scores(["w1", "w3"]))


def test_postings_counted_in_batches_equal_postings_counted_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An archive is counted a batch at a time; the postings must not depend on where
    the batches end (documents ascending per term, frequencies and lengths exact)."""
    corpus = [*random_corpus(random.Random(9), 300, vocab=40, max_len=20), []]
    whole = collect(iter(corpus))
    monkeypatch.setattr(PostingsBuilder, "BATCH", 7)
    batched = collect(iter(corpus))
    assert whole.terms == batched.terms
    for name in ("indptr", "doc_ids", "freqs", "lengths"):
        assert np.array_equal(getattr(whole, name), getattr(batched, name)), name
    assert list(whole.lengths) == [len(doc) for doc in corpus]
    term = whole.terms.index("w3")
    docs = whole.doc_ids[whole.indptr[term] : whole.indptr[term + 1]]
    assert list(docs) == [i for i, doc in enumerate(corpus) if "w3" in doc]
    freqs = whole.freqs[whole.indptr[term] : whole.indptr[term + 1]]
    assert list(freqs) == [corpus[i].count("w3") for i in docs]


@pytest.mark.parametrize("variant", ["okapi", "plus", "l"])
def test_weights_computed_in_chunks_equal_weights_computed_at_once(
    variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = random_corpus(random.Random(11), 200, vocab=25, max_len=12)
    params = Bm25Params(variant=variant)
    whole = Bm25Index(corpus, params)
    monkeypatch.setattr(Bm25Index, "CHUNK", 5)
    chunked = Bm25Index(corpus, params)
    for words in (["w1"], ["w2", "w7", "w7"], ["w0", "w24", "nope"]):
        assert np.array_equal(whole.scores(words), chunked.scores(words))
        assert np.allclose(whole.scores(words), reference(corpus, params).get_scores(words))


def test_unknown_variant_is_rejected() -> None:
    with pytest.raises(ValueError, match="variant"):
        Bm25Index([["a"]], Bm25Params(variant="nope"))


def test_best_of_equals_the_maximum_of_single_term_scores() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(30)]
    for variant in ("okapi", "plus", "l"):
        for _ in range(20):
            docs = [[rng.choice(vocabulary) for _ in range(rng.randint(0, 20))] for _ in range(25)]
            index = Bm25Index(docs, Bm25Params(variant=variant))
            alternatives = {rng.choice(vocabulary): rng.uniform(0.2, 1.0) for _ in range(4)}
            alternatives["unknown"] = 0.5
            expected = np.maximum.reduce([index.scores({t: w}) for t, w in alternatives.items()])
            assert np.allclose(index.best_of(alternatives), expected, rtol=1e-6, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), params=PARAMS, docs=st.integers(1, 80))
def test_weights_computed_per_term_equal_the_built_ones_bit_for_bit(
    seed: int, params: Bm25Params, docs: int
) -> None:
    """A saved index keeps no posting weights: a term's are computed when a question reads it,
    from its frequencies (saved as bytes) and the passages' lengths, and must equal a build's
    exactly, so every score does too."""
    rng = random.Random(seed)
    corpus = random_corpus(rng, docs, vocab=rng.randint(2, 40), max_len=30)
    corpus[0] = corpus[0] + ["w0"] * 300  # a frequency past one byte's range
    built = Bm25Index(corpus, params)
    saved = built.weights
    ids = split_ids.split(plain(built.data.doc_ids))  # as a saved index maps them
    narrow = replace(built.data, freqs=built.data.freqs.astype(np.uint16), doc_ids=ids)
    mapped = Bm25Index(replace(narrow, weights=replace(saved, postings=None)), params)
    assert mapped.weights.postings is None
    for term_id in built.vocabulary.values():
        for got, want in zip(mapped._postings_of(term_id), built._postings_of(term_id), strict=True):
            assert np.array_equal(got, want)
    query = rng.choices([*built.vocabulary, "unknown"], k=4)
    assert np.array_equal(built.scores(query), mapped.scores(query))
    assert np.array_equal(
        built.best_of(dict.fromkeys(query, 0.5)), mapped.best_of(dict.fromkeys(query, 0.5))
    )
