"""A person named in full once, then by one part: "Valeska Paris ... Paris was born in ...".

News names a person (or a body) in full at first mention and by the surname after
("Ahmed Mohamed" ... "Mohamed brought the clock"). A reader may ask with the part the
later passage lacks ("Where was Valeska born?", "When did Ahmed bring his clock?"). So a
sentence holding the last word of a full name its article writes counts as holding the
name's other words too, when that last word ends one full name only in the article
("Space Center" ending both "Kennedy Space Center" and "Johnson Space Center" implies
neither). Used by bot/answering/facts.py for the terms re-ranking and declines weigh; the
index (BM25) is not changed.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict

from bot.answering.cues import MONTHS
from bot.passages import Article
from bot.text import STOPWORDS, normalize, term

_CHUNKS = re.compile(r"[,.;:!?()\[\]\"“”]|\s[-–—]\s")  # a name never spans these
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_DATE_WORDS = frozenset(MONTHS.split())  # capitalised at a sentence's start, or always
MAX_PARTS = 3  # "Hamdullah Mohib", "Kennedy Space Center": a longer run keeps its last three

_cache: weakref.WeakKeyDictionary[Article, dict[str, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def full_names(article: Article) -> dict[str, frozenset[str]]:
    """The article's full names by their last word's index term -> the other words' terms;
    a last word ending several different full names is left out."""
    known = _cache.get(article)
    if known is None:
        known = _cache[article] = _full_names(article)
    return known


def _full_names(article: Article) -> dict[str, frozenset[str]]:
    found: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for text in article.paragraphs:
        for chunk in _CHUNKS.split(text):
            for run in _runs(chunk):
                terms = tuple(term(normalize(w)) for w in run[-MAX_PARTS:])
                found[terms[-1]].add(terms[:-1])
    names: dict[str, frozenset[str]] = {}
    for last, firsts in found.items():
        if len(firsts) == 1:
            (only,) = firsts
            if last not in only:
                names[last] = frozenset(only)
    return names


def _runs(chunk: str) -> list[list[str]]:
    """Runs of two or more capitalised words in a row (no function word: "The Afghan")."""
    runs: list[list[str]] = []
    current: list[str] = []
    for word in chunk.split():
        match = _WORD.fullmatch(word)
        if match and word[0].isupper() and normalize(word) not in STOPWORDS:
            current.append(re.sub(r"['’]s$", "", word))
            continue
        _close(current, runs)
        current = []
    _close(current, runs)
    return runs


def _close(run: list[str], runs: list[list[str]]) -> None:
    """Keep a run of two words or more, without a leading day or month: "Yesterday Mohamed
    said" starts a sentence; "Monday Mohamed" is no name."""
    while run and normalize(run[0]) in _DATE_WORDS:
        run = run[1:]
    if len(run) > 1:
        runs.append(run)


def implied(text: str, terms: frozenset[str], names: dict[str, frozenset[str]]) -> frozenset[str]:
    """The terms of `text` (a sentence) with the other words of the full names whose last
    word it writes alone with a capital ("Paris said", not "International Criminal Court")."""
    if not names:
        return terms
    extra: set[str] = set()
    for chunk in _CHUNKS.split(text):
        capitals: list[str] = []
        for word in [*chunk.split(), ""]:
            if _WORD.fullmatch(word) and word[0].isupper():
                capitals.append(word)
                continue
            if len(capitals) == 1:  # a capitalised word standing alone
                others = names.get(term(normalize(re.sub(r"['’]s$", "", capitals[0]))))
                if others:
                    extra |= others
            capitals = []
    return terms | extra if extra - terms else terms
