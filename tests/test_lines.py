"""`Lines` (bot/lines.py): sorted strings in one string, searched like a sorted list."""

import bisect
import random

from bot.lines import STEP, Lines


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
