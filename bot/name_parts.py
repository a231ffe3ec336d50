"""A person named in full once, then by one part: "Valeska Paris ... Paris was born in ...".

News names a person (or a body) in full at first mention and by the surname after
("Ahmed Mohamed" ... "Mohamed brought the clock"). A reader may ask with the part the
later passage lacks ("Where was Valeska born?", "When did Ahmed bring his clock?"). So a
sentence holding the last word of a full name its article writes counts as holding the
name's other words too, when that last word ends one full name only in the article
("Space Center" ending both "Kennedy Space Center" and "Johnson Space Center" implies
neither). Likewise a thing named by apposition with the noun saying what it is ("the
cruise ship, Freewinds.") is what the article later calls "the ship": a sentence writing
"the ship" holds "Freewinds" too, when that noun introduces one name only in the article.
Used by bot/answering/facts.py for the terms re-ranking and declines weigh; the index
(BM25) is not changed.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections import defaultdict
from collections.abc import Mapping
from itertools import filterfalse

from bot.cues import MONTHS
from bot.passages import Article
from bot.text import STOPWORDS, normalize, term

# A capitalised word (any script's capital letter, then letters; "Paris's" keeps its
# possessive, cut below) and runs of them separated by spaces only: a comma, a full stop or
# a dash ends a name. One regex pass per paragraph: an archive's articles are read this way.
# A word's letters are taken possessively (`*+`, `++`): whatever follows a word in every
# pattern here (an apostrophe, a space or tab, or a look-ahead that a letter fails) cannot
# follow fewer of its letters, so giving some back never finds a match; without it each
# capitalised word that ends no run was given back letter by letter (`_RUNS` over an
# archive's paragraphs 1.7x faster; tests/test_name_parts.py holds them equal to the plain
# patterns).
_CAPITALS = "".join(c for c in map(chr, range(0x10000)) if c.isupper() and c.isalpha())
_CAPITAL = rf"[{re.escape(_CAPITALS)}][^\W\d_]*+(?:['’][^\W\d_]++)*+"
# The first capital is matched before the look-behind checks what precedes it (`(?<!x.)`
# after one character is `(?<!x)` before it): a pattern that starts with a character class
# lets the regex engine skip to the next capital, a third faster over an archive's passages.
_FIRST = rf"[{re.escape(_CAPITALS)}](?<![\w'’-].)[^\W\d_]*+(?:['’][^\W\d_]++)*+"
_RUN = re.compile(rf"{_FIRST}(?:[ \t]+{_CAPITAL})*(?![\w'’-])")
_RUNS = re.compile(rf"{_FIRST}(?:[ \t]+{_CAPITAL})+(?![\w'’-])")  # two or more
_POSSESSIVE = re.compile(r"['’]s$")
_DATE_WORDS = frozenset(MONTHS.split())  # capitalised at a sentence's start, or always
MAX_PARTS = 3  # "Hamdullah Mohib", "Kennedy Space Center": a longer run keeps its last three


class Names(dict[str, frozenset[str]]):
    """`full_names`' table; `nouns`: whether it holds a noun's entry (`NOUN_KEY`): without one,
    `implied` does not look for "the <noun>" (most articles name nothing by apposition)."""

    nouns = False


_cache: weakref.WeakKeyDictionary[Article, Names] = weakref.WeakKeyDictionary()


def full_names(article: Article) -> Names:
    """The article's full names by their last word's index term -> the other words' terms,
    and the names it introduces by apposition by their noun (`NOUN_KEY` + its term -> the
    name's terms); a last word ending, or a noun introducing, several names is left out."""
    known = _cache.get(article)
    if known is None:
        known = _cache[article] = _full_names(article)
    return known


# A name introduced by apposition with the noun saying what it is: "the cruise ship,
# Freewinds," / "their nine-month-old child, Gloria." (the name then ends its clause: "In a
# statement, Governor Perry said" is no apposition). "The ship" later refers to it.
# `\b(?i:the|a|an|its|their|his|her|our)\s+`, started from its first letter (see _FIRST; İ
# and ı are what (?i) also takes for i): the regex engine then skips to the next such letter
# (1.6x faster over an archive; tests/test_name_parts.py holds the two equal)
_DETERMINER = (
    r"[TtAaIiİıHhOo](?<!\w.)(?i:(?<=t)he(?:ir)?|(?<=a)n?|(?<=i)ts|(?<=h)(?:is|er)|(?<=o)ur)\s+"
)
_MODIFIERS = r"(?:[\w'’-]+\s+){0,2}?"  # "cruise", "Scientology-owned cruise"
_APPOSITION = re.compile(
    rf"{_DETERMINER}{_MODIFIERS}([a-z]+), ({_FIRST}(?:[ \t]+{_CAPITAL})*)(?=[,.;:])"
)
# What every apposition ends with: a lower-case noun, ", " and the name, then punctuation. Few
# paragraphs have it, and this search skips from comma to comma, where `_APPOSITION` is tried
# at every determiner's first letter: a paragraph without it is not searched for that
# (tests/test_name_parts.py holds the two searches equal)
_APPOSITION_END = re.compile(rf", (?<=[a-z], ){_FIRST}(?:[ \t]+{_CAPITAL})*(?=[,.;:])")
_DEFINITE = re.compile(r"[Tt](?<!\w.)he ([a-z]+)\b")  # `\b[Tt]he`, skipping ahead (2x faster)
NOUN_KEY = "="  # a noun's key in the table of `full_names` ("=ship"), apart from name parts


def _full_names(article: Article) -> Names:
    found: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for text in article.paragraphs:
        for whole in _RUNS.findall(text):
            terms = _name_terms(whole)
            if len(terms) > 1:
                found[terms[-1]].add(terms[:-1])
        appositions = _APPOSITION.findall(text) if _APPOSITION_END.search(text) else ()
        for noun, written in appositions:
            terms = _name_terms(written)
            if terms and noun not in STOPWORDS:
                found[NOUN_KEY + term(noun)].add(terms)
    names = Names()
    for last, firsts in found.items():
        if len(firsts) == 1:
            (only,) = firsts
            if last not in only:
                names[last] = frozenset(only)
    names.nouns = any(key.startswith(NOUN_KEY) for key in names)
    return names


@functools.lru_cache(maxsize=100_000)  # news repeats its names: a build reads each run once
def _name_terms(run: str) -> tuple[str, ...]:
    """The index terms of the name in a run of capitalised words (its last MAX_PARTS words)."""
    return tuple(term(w) for w in _name(run.split())[-MAX_PARTS:])


def _name(run: list[str]) -> list[str]:
    """The name in a run of capitalised words, folded: after its last function word ("The
    Afghan", "Bank of"), without a leading day or month ("Yesterday Mohamed said")."""
    words = [_folded(w) for w in run]
    for k in range(len(words) - 1, -1, -1):
        if words[k] in STOPWORDS:
            words = words[k + 1 :]
            break
    while words and words[0] in _DATE_WORDS:
        words = words[1:]
    return words


@functools.lru_cache(maxsize=100_000)  # news repeats its names: a build reads each once
def _folded(word: str) -> str:
    """A capitalised word as a name part: possessive cut, normalised."""
    return normalize(_POSSESSIVE.sub("", word))


@functools.lru_cache(maxsize=100_000)
def _term(word: str) -> str:
    return term(_folded(word))


def implied(
    text: str, terms: frozenset[str], names: Mapping[str, frozenset[str]]
) -> frozenset[str]:
    """The terms of `text` (a sentence) with the other words of the full names whose last
    word it writes alone with a capital ("Paris said", not "International Criminal Court"),
    and the name an apposition introduced with a noun it writes after "the" ("the ship")."""
    if not names:
        return terms
    extra: set[str] = set()
    # a run of capitals is the full name itself, or another name: single words only (a build
    # reads every sentence so: C-level maps and filters, no match objects or Python loop)
    singles = filterfalse(_SPACE.search, _RUN.findall(text))
    extra.update(*filter(None, map(names.get, map(_term, singles))))
    if not isinstance(names, Names) or names.nouns:  # "the ship" of "the cruise ship, Freewinds"
        for noun in _DEFINITE.findall(text):
            others = names.get(NOUN_KEY + term(noun))
            if others:
                extra |= others
    return terms | extra if extra - terms else terms


_SPACE = re.compile(r"[ \t]")
