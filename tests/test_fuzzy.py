"""Spelling tolerance: transliterations and typos meet the vocabulary; names only meet names."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from bot.fuzzy import (
    CDIST_FROM,
    LETTERS_FROM,
    FuzzyVocabulary,
    SpellingSettings,
    closest,
    closest_by_length,
    length_band,
    passable,
    phonetic_key,
)
from bot.lines import ByLength, Lines

VOCABULARY = ["kyiv", "zelenskiy", "kharkiv", "invasion", "refugees", "neighboring", "place"]
NAMES = ["kyiv", "zelenskiy", "kharkiv", "norwegian"]


def best(vocabulary: FuzzyVocabulary, word: str, *, name: bool = False) -> str | None:
    matches = sorted(vocabulary.lookup(word, name=name), key=lambda m: -m.similarity)
    return matches[0].word if matches else None


def test_transliterations_and_typos_find_the_article_word() -> None:
    vocabulary = FuzzyVocabulary(VOCABULARY, NAMES)
    assert best(vocabulary, "kiev") == "kyiv"
    assert best(vocabulary, "zelenskyy") == "zelenskiy"
    assert best(vocabulary, "kharkov", name=True) == "kharkiv"
    assert best(vocabulary, "invasoin") == "invasion"
    assert best(vocabulary, "refugess") == "refugees"


def test_a_capitalised_name_is_only_matched_to_names() -> None:
    vocabulary = FuzzyVocabulary(VOCABULARY, NAMES)
    assert best(vocabulary, "peace") == "place"
    assert best(vocabulary, "peace", name=True) is None
    assert best(vocabulary, "norway", name=True) == "norwegian"


def test_short_and_unrelated_words_find_nothing() -> None:
    vocabulary = FuzzyVocabulary(VOCABULARY, NAMES)
    assert vocabulary.lookup("kv") == ()
    assert best(vocabulary, "banana") is None


def test_known_words_get_their_prefix_relatives() -> None:
    vocabulary = FuzzyVocabulary(["rescue", "rescuers", "rescued", "resort"])
    assert set(vocabulary.relatives("rescue")) == {"rescuers", "rescued"}


def test_transliteration_folds_meet_across_first_letters() -> None:
    vocabulary = FuzzyVocabulary(["photo", "kharkiv", "refugees"], ["kharkiv"])
    assert phonetic_key("kharkiv") == phonetic_key("harkiv")
    assert best(vocabulary, "harkiv", name=True) == "kharkiv"
    assert best(vocabulary, "foto") == "photo"


def test_a_swap_hidden_by_folding_is_still_found() -> None:
    """kahn/khan fold to kahn/han, whose similarity is low; the written forms are close."""
    vocabulary = FuzzyVocabulary(["khan", "karim"], ["khan", "karim"])
    assert best(vocabulary, "kahn", name=True) == "khan"


def test_the_spelling_settings_are_honoured() -> None:
    """`retrieval.spelling` reaches the lookup: a stricter cutoff or a longer minimum drops
    a match the defaults find (words not from any question set)."""
    words = ["lantern", "gravel", "orchard"]
    assert best(FuzzyVocabulary(words), "lanturn") == "lantern"
    strict = SpellingSettings(long_cutoff=95.0)
    assert best(FuzzyVocabulary(words, settings=strict), "lanturn") is None
    assert best(FuzzyVocabulary(words), "gravle") == "gravel"
    longer = SpellingSettings(min_length=7)
    assert best(FuzzyVocabulary(words, settings=longer), "gravle") is None
    assert best(FuzzyVocabulary(words, settings=longer), "orchird") == "orchard"


def test_the_prefix_relatives_follow_the_settings() -> None:
    words = ["harbour", "harbourmaster", "harbinger"]
    assert FuzzyVocabulary(words).relatives("harbours") == ["harbour", "harbourmaster"]
    whole = SpellingSettings(prefix_share=1.0)  # the whole word must be the prefix
    assert FuzzyVocabulary(words, settings=whole).relatives("harbours") == []
    wide = SpellingSettings(prefix_share=0.4)  # "harb": strangers come in too
    assert FuzzyVocabulary(words, settings=wide).relatives("harbours") == [
        "harbinger",
        "harbour",
        "harbourmaster",
    ]
    one = SpellingSettings(prefix_share=0.4, candidates=1)
    assert FuzzyVocabulary(words, settings=one).relatives("harbours") == ["harbinger"]


def test_only_the_first_relatives_in_order_are_read_at_most_twenty() -> None:
    # "lanterns" looks for words starting "lante": 30 words sort before them and 40 share it,
    # across the tables' blocks of lines; the first `candidates` of those in order, never more
    # than 20 (the words are letters only, as the tables keep)
    suffixes = [a + b for a in "abcdefgh" for b in "abcdefghij"]
    words = [f"lanta{s}" for s in suffixes[:30]] + [f"lanteb{s}" for s in suffixes[:40]]
    assert FuzzyVocabulary(words).relatives("lanterns") == ["lantebaa", "lantebab", "lantebac"]
    many = SpellingSettings(candidates=50)
    found = FuzzyVocabulary(words, settings=many).relatives("lanterns")
    assert found == [f"lanteb{s}" for s in suffixes[:20]]
    assert FuzzyVocabulary(words).relatives("lantzone") == []  # none starts "lantz"


def test_closest_finds_what_rapidfuzz_extract_finds() -> None:
    """`closest` (one cdist row) against process.extract, which it replaces: the same choices,
    the same float scores, best first and ties in the choices' order, on random words and
    their typos (many ties: words of equal length one letter apart), every cutoff and limit
    the settings use and the edges (no choice passes, fewer pass than the limit, none given)."""
    rng = random.Random(7)
    letters = "abcdeilmnorst"
    words = sorted({"".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(6000)})
    assert len(words) >= CDIST_FROM  # the cdist row
    asked = [*rng.sample(words, 40), "zzzzzz", "ab"]
    asked += [w[:2] + "x" + w[3:] for w in rng.sample(words, 40)]  # typos: ties at their scores
    for choices in (words, words[:500]):  # and extract itself, below CDIST_FROM
        for word in asked:
            for cutoff in (0.0, 60.0, 75.0, 78.0, 80.0, 100.0):
                for limit in (1, 3, 10000):
                    expected = process.extract(
                        word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit
                    )
                    found = closest(word, choices, cutoff, limit)
                    assert found == [(at, s) for _, s, at in expected]
    assert closest("abc", [], 75.0, 3) == []
    assert closest("abc", ["abd", "abc", "abe"], 60.0, 2) == [(1, 100.0), (0, 200 / 3)]
    assert closest("abc", ["abd", "abc", "abe"] * 2000, 60.0, 2) == [(1, 100.0), (4, 100.0)]


def test_a_lookup_by_length_finds_what_closest_over_every_word_finds() -> None:
    """`closest_by_length` reads the lengths that can pass the cutoff; `closest` over the whole
    sorted table (what a lookup did before) is the reference: the same words, float scores,
    order and ties, for random words and their typos, every cutoff the settings use and odd
    ones, every limit. Runs of one letter of every length are words at the least distance
    for their lengths, so a band one length too narrow at either edge loses one of them."""
    rng = random.Random(11)
    letters = "abcdeilmnorst"
    words = {"".join(rng.choices(letters, k=rng.randint(3, 14))) for _ in range(6000)}
    words |= {letter * n for letter in "ae" for n in range(1, 41)}
    ordered = sorted(words)
    assert len(ordered) >= CDIST_FROM  # the cdist row over the whole table
    asked = [*rng.sample(ordered, 60), "zzzzzz", "ab", "a" * 45, "e"]
    asked += [w[:2] + "x" + w[3:] for w in rng.sample(ordered, 40)]  # typos: ties at their scores
    asked += ["a" * n for n in range(1, 25)] + ["e" * n + "x" for n in range(2, 20)]
    for choices in (ordered, ordered[::9]):  # and extract's path over the whole table
        table = ByLength.of(choices)
        for word in asked:
            for cutoff in (0.0, 50.0, 60.0, 66.7, 75.0, 77.7, 78.0, 80.0, 85.0, 95.0, 100.0):
                for limit in (1, 3, 10000):
                    expected = [(choices[at], s) for at, s in closest(word, choices, cutoff, limit)]
                    found = closest_by_length(word, table, cutoff, limit)
                    assert [(text, s) for _, text, s in found] == expected, (word, cutoff)
                    assert all(table.lines[at] == text for at, text, _ in found)
    assert closest_by_length("abc", ByLength.of([]), 75.0, 3) == []
    assert closest_by_length("abc", ByLength.of(["abd", "abc"]), 75.0, 0) == []


def test_a_lookup_scores_only_the_words_whose_letters_can_pass() -> None:
    """`passable` keeps every word that can pass (the lookups equal `closest` over the whole
    table, built and saved, for words of non-ASCII letters and capitals, typos at the cutoff's
    edges), and leaves out the band's words whose letters cannot: the point of it."""
    rng = random.Random(12)
    letters = "abenrstéłżжAB"
    words = {"".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(3000)}
    ordered = sorted(words)
    text, marks, count = Lines(ByLength.of(ordered).lines.listed()).encoded()
    built = ByLength.of(ordered)
    saved = ByLength(Lines.saved(memoryview(text), marks, count), built.starts)
    asked = [*rng.sample(ordered, 40), "benchż", "жжжж", "Abba"]
    asked += [w[:1] + "ł" + w[2:] for w in rng.sample(ordered, 30)]
    asked += [w + "e" for w in rng.sample(ordered, 30)]
    for table in (built, saved):
        for word in asked:
            for cutoff in (60.0, 75.0, 78.0, 80.0, 90.0):
                expected = [(ordered[at], s) for at, s in closest(word, ordered, cutoff, 10000)]
                found = closest_by_length(word, table, cutoff, 10000)
                assert [(text, s) for _, text, s in found] == expected, (word, cutoff)
                assert all(table.lines[at] == text for at, text, _ in found)
    first, last = built.span(*length_band(5, 80.0))
    assert last - first >= LETTERS_FROM  # the lookups above read the letters
    places, band = passable("bench", ByLength.of(["bench", "bunch", "xyzzy", "qqqqq"]), 80.0)
    assert band == ["bench", "bunch"] and places == [0, 1]  # "xyzzy" and "qqqqq": no letter
    assert len(passable("rentb", built, 80.0)[0]) < (last - first) // 4


def test_the_length_band_is_rapidfuzz_s_own_verdict_at_its_edges() -> None:
    """A word at each edge of the band can pass; one letter beyond either edge none can."""
    for length in range(1, 30):
        for cutoff in (50.0, 60.0, 66.7, 75.0, 77.7, 78.0, 80.0, 85.0, 95.0, 100.0):
            shortest, longest = length_band(length, cutoff)
            assert shortest <= length <= longest
            word = "a" * length
            for other in range(max(0, shortest - 3), longest + 4):
                passes = fuzz.ratio(word, "a" * other) >= cutoff
                assert passes == (shortest <= other <= longest), (length, cutoff, other)
    assert length_band(5, 0.0)[0] == 0 and length_band(5, 0.0)[1] >= 1000
    assert length_band(5, 100.5) == (1, 0)  # no word can pass
