"""`Lines` (bot/lines.py): sorted strings in one string, searched like a sorted list."""

import array
import bisect
import random

import pytest
from rapidfuzz.distance import LCSseq

from bot.lines import STEP, ByLength, Lines, letter_set


def test_lines_read_and_search_like_the_sorted_list_they_hold() -> None:
    rng = random.Random(1)
    for size in (0, 1, 2, STEP - 1, STEP, STEP + 1, 2 * STEP + 1, 100, 1000):
        words = sorted(
            {"".join(rng.choice("abc") for _ in range(rng.randint(1, 6))) for _ in range(size)}
        )
        lines = Lines(words)
        assert len(lines) == len(words) and lines.listed() == words
        assert [lines[i] for i in range(len(words))] == words
        assert lines.between(2, 7) == words[2:7] and lines.between(5, 3) == []
        for probe in [*words, "", "a", "aa", "b", "bz", "abca", "cccccccc", "d"]:
            assert lines.bisect(probe) == bisect.bisect_left(words, probe), (size, probe)


def test_lines_hold_non_ascii_words() -> None:
    words = sorted(["zając", "zajac", "łódź", "kraków", "krakow"])
    lines = Lines(words)
    assert lines.listed() == words
    assert lines.bisect("kraków") == words.index("kraków")


def test_saved_lines_search_like_the_lines_they_were_saved_from() -> None:
    rng = random.Random(2)
    letters = "abcéł"  # two-byte characters: offsets in bytes, not characters
    for size in (0, 1, STEP - 1, STEP, STEP + 1, 3 * STEP + 2, 500):
        words = sorted(
            {"".join(rng.choice(letters) for _ in range(rng.randint(1, 5))) for _ in range(size)}
        )
        text, marks, count = Lines(words).encoded()
        saved = Lines.saved(memoryview(text), marks, count)
        assert saved.listed() == words
        for probe in [*words, "", "a", "é", "łłłłłł", "b", "zz"]:
            assert saved.bisect(probe) == bisect.bisect_left(words, probe), (size, probe)


def test_encoded_lines_read_back_as_saved_with_byte_offsets() -> None:
    for words in (
        sorted(f"w{n:03}" for n in range(2 * STEP + 3)),  # ASCII: offsets kept as they are
        sorted(f"{c}ódź{n}" for n in range(STEP + 2) for c in "kłz"),  # two bytes a letter
        [],
    ):
        text, marks, count = Lines(words).encoded()
        assert text == "\n".join(words).encode() and count == len(words)
        starts = [len("\n".join(words[:k]).encode()) + (k > 0) for k in range(0, count, STEP)]
        assert list(marks) == [*starts, len(text) + 1 if count else 0]
        saved = Lines.saved(text, marks, count)
        assert saved.listed() == words and [saved[k] for k in range(count)] == words
        for probe in [*words, "kódź", "zz", ""]:
            assert saved.bisect(probe) == bisect.bisect_left(words, probe)


def test_a_line_is_found_by_its_key_and_separator() -> None:
    """`after` reads a table keyed by each line's first word, as the sorted list's
    `bisect_left` and `startswith` read it, over blocks of `STEP` lines."""
    rng = random.Random(3)
    keys = sorted({"".join(rng.choice("abn") for _ in range(rng.randint(1, 4))) for _ in range(90)})
    table = [f"{key} {key.upper()} {n}" for n, key in enumerate(keys)]
    lines = Lines(table)
    for n, key in enumerate(keys):
        assert lines.after(f"{key} ") == f"{key.upper()} {n}", key
    for missing in ("abnab ", "zz "):  # a key no line has, one past the last line
        assert lines.after(missing) is None
    # a key that is another's start is not it
    assert Lines(["new old,young", "newer older"]).after("new ") == "old,young"
    assert Lines(["newer older"]).after("new ") is None
    assert Lines(["word\t", "words\tx 1.0"]).after("word\t") == ""  # a key with nothing after


def test_lines_by_length_read_a_length_alone_and_find_a_prefix_in_sorted_order() -> None:
    rng = random.Random(5)
    words = {"".join(rng.choice("abcz") for _ in range(rng.randint(1, 9))) for _ in range(900)}
    table = ByLength.of(words)
    assert table.lines.listed() == sorted(sorted(words), key=len)
    for length in range(0, 12):
        first, last = table.span(length, length)
        assert table.lines.between(first, last) == sorted(w for w in words if len(w) == length)
    first, last = table.span(3, 5)
    assert table.lines.between(first, last) == sorted(
        sorted(w for w in words if 3 <= len(w) <= 5), key=len
    )
    for prefix in ["", "a", "ab", "zz", "abca", "cab", "zzzzzzzzzz", "d"]:
        for most in (1, 3, 20):
            expected = sorted(w for w in words if w.startswith(prefix))[:most]
            assert table.starting_with(prefix, most) == expected, (prefix, most)
    few = ByLength.of([*sorted(words)[:60], "ab", "abc", "abca", "zab", "cab"])  # one read
    for prefix in ["", "a", "ab", "abc", "zz", "cab", "b", "abcaz"]:
        for most in (1, 3, 100):
            expected = sorted(w for w in few.lines.listed() if w.startswith(prefix))[:most]
            assert few.starting_with(prefix, most) == expected, (prefix, most)
    empty = ByLength.of([])
    assert len(empty) == 0 and empty.starting_with("a", 3) == [] and empty.span(0, 9) == (0, 0)


def test_lines_by_length_refuse_starts_that_do_not_fit() -> None:
    lines = Lines(["ab", "abc"])
    for starts in ([0, 0, 0, 1], [0, 0, 1, 1, 2, 5], [1, 2], [0, 0, 2, 1, 2]):
        with pytest.raises(ValueError, match="do not fit"):
            ByLength(lines, array.array("q", starts))


def test_the_lines_following_a_value_are_the_sorted_list_s() -> None:
    rng = random.Random(8)
    words = sorted(
        {"".join(rng.choice("abc") for _ in range(rng.randint(1, 6))) for _ in range(300)}
    )
    lines = Lines(words)
    for lo, hi in [(0, len(words)), (5, 40), (16, 32), (17, 17), (33, 100), (90, 400), (0, 1)]:
        for probe in [*words[::5], "", "a", "bz", "cccccccc"]:
            for most in (1, 3, 20):
                at = bisect.bisect_left(words, probe, lo, min(hi, len(words)))
                expected = words[at : min(hi, len(words))][:most]
                assert lines.following(probe, most, lo, hi) == expected, (lo, hi, probe, most)


def test_each_line_s_letters_are_its_letter_set_built_or_saved() -> None:
    """`Lines.letters`: every line's text and `letter_set`, for lines built (a str) and saved
    (UTF-8 bytes), with non-ASCII letters, capitals and an empty line."""
    rng = random.Random(5)
    alphabet = "abcxyzABZéèßłжЖ’"
    for size in (0, 1, 2, STEP + 3, 200):
        words = ["".join(rng.choices(alphabet, k=rng.randint(0, 8))) for _ in range(size)]
        text, marks, count = Lines(words).encoded()
        for lines in (Lines(words), Lines.saved(memoryview(text), marks, count)):
            letters = lines.letters()
            assert len(letters.sets) == len(words) and len(letters.starts) == len(words) + 1
            assert [letters.line(k) for k in range(len(words))] == words
            assert letters.sets.tolist() == [letter_set(w) for w in words]
    assert letter_set("") == 0 and letter_set("aA") == letter_set("a") == 1
    assert letter_set("é") != 0 and letter_set("é") != letter_set("e")
    assert letter_set("’") != 0  # a character of three bytes: one bit, its first byte's


def test_a_letter_set_bounds_the_common_letters_of_two_words() -> None:
    """The longest common subsequence of a and b has at most len(a) less popcount(A & ~B)
    letters (and len(b) less popcount(B & ~A)); the bound is met by a word and its one-letter
    change; a bit for each byte of a character would break it (a word "ж" lacks one letter of
    "a", not two), and letters sharing a bit ("é", "ê") only loosen it."""
    rng = random.Random(6)
    alphabet = "abcdeéêłżжщ"
    for _ in range(3000):
        a = "".join(rng.choices(alphabet, k=rng.randint(0, 7)))
        b = "".join(rng.choices(alphabet, k=rng.randint(0, 7)))
        common = LCSseq.similarity(a, b)
        sa, sb = letter_set(a), letter_set(b)
        assert common <= len(a) - (sa & ~sb).bit_count(), (a, b)
        assert common <= len(b) - (sb & ~sa).bit_count(), (a, b)
    lacked = (letter_set("bench") & ~letter_set("bunch")).bit_count()
    assert LCSseq.similarity("bench", "bunch") == 4 == 5 - lacked
    assert (letter_set("éa") & ~letter_set("êa")).bit_count() == 0  # a shared bit: still a bound
