"""Writes bot/data/word_frequency.txt: how common English words are, from wordfreq.

The bot reads the list to damp the IDF of words common in English that a small knowledge
base happens to hold once ("need", "try"; bot/frequency.py). wordfreq is not a dependency
of the bot (its wheel is 57 MB); install it only to remake the list:

    pip install wordfreq==3.1.1 && python docs/word_frequency.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency  # type: ignore[import-not-found]

TARGET = Path(__file__).resolve().parents[1] / "bot" / "data" / "word_frequency.txt"
LOWEST = 4.0  # rarer words keep the knowledge base's own IDF in any folder of realistic size
HEADER = """\
# How common English words are, on wordfreq's Zipf scale (log10 of occurrences per billion
# words): each line is a value and the words with it, rounded to 0.1; words below 4.0 are left out.
# Made by docs/word_frequency.py from wordfreq 3.1.1 (https://github.com/rspeer/wordfreq),
# whose data is licensed CC BY-SA 4.0; this derived list is shared under the same licence.
"""


def main() -> None:
    by_value: dict[float, list[str]] = defaultdict(list)
    for word in top_n_list("en", 30000):
        if word.isalpha() and word.isascii() and (zipf := zipf_frequency(word, "en")) >= LOWEST:
            by_value[round(zipf, 1)].append(word)
    values = sorted(by_value, reverse=True)
    lines = [f"{value:.1f} " + " ".join(sorted(by_value[value])) for value in values]
    TARGET.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
