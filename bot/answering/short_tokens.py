"""A sentence's words for short answers (bot/answering/short.py): `Token`s with their offsets and
index terms, and `Span`s of them, each with the kind of phrase it is (the kinds below).
Cut as bot/text.py cuts words, so a token's term is the index's."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from bot.text import DOTTED, STOPWORDS, normalize, term, token_words

NUMBER, DATE, NAMED, QUOTE, REASON, CHUNK = "number", "date", "named", "quote", "reason", "chunk"

# Words as bot/text.py cuts them (a hyphen separates: "Hague-based" is Hague + based).
_TOKEN = re.compile(
    rf"[$£€¥₽]?\d+(?:[.,:]\d+)*(?:%|st|nd|rd|th|s)?|{DOTTED}|[^\W\d_]+(?:['’][^\W\d_]+)*"
)


@dataclass(slots=True)  # not frozen: made per word of every new sentence, and a frozen
class Token:  # dataclass's __init__ costs five times as much; nothing changes a token
    text: str  # as written
    start: int  # character offsets in the sentence
    end: int
    word: str  # normalised ("putin" of "Putin's", "660000" of "660,000")
    term: str  # the index term ("" for a stopword)
    hyphen: bool = False  # joined to the word before by a hyphen ("14-year-old")
    clause: int = 0  # how many commas, semicolons, colons or dashes come before it
    capital: bool = False  # written with a capital (read once here, tested per candidate)


class Span(NamedTuple):  # a named tuple: made per candidate, and cheaper than a dataclass
    first: int  # token positions, inclusive
    last: int
    kind: str


_CLAUSE_BREAK = re.compile(r"[,;:()—–]| - ")


@lru_cache(maxsize=8192)
def tokenize(sentence: str) -> tuple[Token, ...]:
    """The words of a sentence (cached: the passages that answer come back often)."""
    found: list[Token] = []
    append = found.append
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence)]
    breaks.append(len(sentence))  # past every word's start: the walk below stops there
    clause, after = 0, breaks[0]  # the breaks before a word, and the next one's place
    for match in _TOKEN.finditer(sentence):
        start, end = match.span()
        while after < start:  # the words ascend: the breaks counted as they are passed
            clause += 1
            after = breaks[clause]
        raw = match.group()
        word, index_term, capital = _word(raw)
        hyphen = start > 0 and sentence[start - 1] == "-"
        append(Token(raw, start, end, word, index_term, hyphen, clause, capital))
    return tuple(found)


@lru_cache(maxsize=65536)
def _word(raw: str) -> tuple[str, str, bool]:
    """A token's normalised word, its index term and whether it is written with a capital
    (cached: words recur across sentences)."""
    normal = normalize(raw).replace("’", "'")
    parts = token_words(normal.lstrip("$£€¥₽").rstrip("%")) if normal[0] != "'" else []
    word = parts[-1] if parts else normal  # "connell" of "O'Connell", "putin" of "Putin's"
    return word, "" if word in STOPWORDS else term(word), raw[:1].isupper()


def text_of(sentence: str, tokens: Sequence[Token], span: Span) -> str:
    """The span as written in the sentence, without a trailing possessive."""
    text = sentence[tokens[span.first].start : tokens[span.last].end]
    if text.endswith(("'s", "’s")):  # string tests, not a regex: one call per candidate
        return text[:-2]
    return text[:-1] if text.endswith(("'", "’")) else text


def gap_after(sentence: str, tokens: Sequence[Token], k: int) -> str:
    """What stands between token k and the next one."""
    return sentence[tokens[k].end : tokens[k + 1].start] if k + 1 < len(tokens) else ""


def opens(tokens: Sequence[Token], k: int, sentence: str) -> bool:
    """Token k opens the sentence (perhaps after an opening quote or bracket)."""
    return not sentence[: tokens[k].start].strip(" “\"‘'([")
