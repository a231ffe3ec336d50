"""Which English words are used mostly as verbs, adjectives or adverbs rather than nouns.

A question word no article holds raises the decline bar (bot/answering/decline.py `bar`):
the passage may tell of something else. A noun among them is mostly the thing asked ("the
CAPACITY of the stadium"); a verb, adjective or adverb mostly the reader's own way of
putting what the passage tells ("What do thieves USUALLY do ...", "FULLY grown"). The list
ships in bot/data/non_nouns.txt, by index term (bot/text.py `term`), made by
docs/word_classes.py from WordNet 3.0's senses and their SemCor counts; words WordNet
never saw tagged (rare words, names) are in no list.
"""

from __future__ import annotations

from functools import cache

from bot.lines import data_lines


@cache
def non_noun_terms() -> frozenset[str]:
    """The index terms of words used mostly as verbs, adjectives or adverbs ("usual",
    "think", "fulli"), not as nouns."""
    return frozenset(data_lines("non_nouns.txt"))
