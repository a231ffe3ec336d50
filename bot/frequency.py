"""How common a word is in English at large: a prior for a small knowledge base's IDF.

A folder of ten articles has about a hundred passages, so a word common in English that
one passage happens to hold ("fewer will be NEEDED") gets the IDF of a rare name, and
"Why did the hikers need rescuing?" went to the apple harvest. A question word's IDF is
therefore capped by the IDF it would have in passages of ordinary English: the chance that
a passage of ``PASSAGE_WORDS`` words holds a word of Zipf frequency z is
1 - exp(-PASSAGE_WORDS × 10^(z - 9)). A large archive measures common words itself and
is rarely capped; rare words and names are not in the list and never are.
"""

from __future__ import annotations

import math
from functools import cache

from bot.lines import data_lines

# A news paragraph. Chosen on the question sets: 30 to 120 give the same results, 250
# also damps topic words ("cold", "trees") and loses questions (docs/quality.md).
PASSAGE_WORDS = 60


@cache
def zipf_values() -> dict[str, float]:
    """Word -> Zipf frequency, from the list shipped in bot/data (made by
    docs/word_frequency.py from wordfreq)."""
    values: dict[str, float] = {}
    for line in data_lines("word_frequency.txt"):
        value, *words = line.split()
        values.update(dict.fromkeys(words, float(value)))
    return values


def background_idf(word: str) -> float | None:
    """The IDF of `word` in passages of ordinary English; None for a word the list lacks."""
    zipf = zipf_values().get(word)
    if zipf is None:
        return None
    share = -math.expm1(-PASSAGE_WORDS * 10 ** (zipf - 9))
    return -math.log(share)
