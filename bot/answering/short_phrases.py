"""Candidate short answers in one sentence: numbers, dates and names, as `Span`s of its
`Token`s (bot/answering/short_tokens.py):

- NUMBER: a number with its approximation ("nearly 660,000"), scale ("2.4 million")
  and the unit or counted noun after it ("380 years", "seven astronauts");
- DATE: a year, a decade, a century ("the 10th and 11th centuries"), a day and month,
  a weekday, a clock time;
- NAMED: a run of capitalised words, with the small words names hold ("William of
  Montreuil", "Guy de Lusignan"), not counting a capital that only opens the sentence.

Quotes, reasons and runs of words are bot/answering/short_clauses.py's. Pure functions of
the sentence text: which of them answers is bot/answering/short.py's job.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from bot.answering.short_tokens import DATE, NAMED, NUMBER, Span, Token, gap_after, opens
from bot.cues import MONTHS, NUMBER_WORDS
from bot.text import STOPWORDS, s_form

# ------------------------------------------------------------------ numbers

_APPROXIMATELY = frozenset(
    "nearly almost about around some roughly approximately over under least most up".split()
)
_NUMBER_WORDS = frozenset(NUMBER_WORDS.split()) - {"half", "percent"}
_SCALES = frozenset("hundred hundreds thousand thousands million millions billion bn".split())
_TENS = frozenset("tens dozens hundreds thousands millions".split())


def _is_number(token: Token) -> bool:
    return token.text[:1] in "$£€¥₽" or token.text[0].isdigit() or token.word in _NUMBER_WORDS


def numbers(tokens: Sequence[Token], sentence: str) -> list[Span]:
    """Numbers with what they count: "nearly 660,000", "380 years", "2.4 megawatts"."""
    spans: list[Span] = []
    k = 0
    while k < len(tokens):
        if not _is_number(tokens[k]):  # most words: tested before the year's pattern
            k += 1
            continue
        year = _is_year(tokens[k]) or _year_after(tokens, k)
        if year and not _counts(tokens, k):
            k += 1
            continue
        first = k
        if first >= 2 and tokens[first - 1].word == "of" and tokens[first - 2].word in _TENS:
            first -= 2  # "tens of thousands", "hundreds of millions"
        while first > 0 and _approximation(tokens, first - 1):
            first -= 1
        first -= _age_before(tokens, first)  # "aged 14", "at age 17", "at the age of 17"
        last = k
        while last + 1 < len(tokens) and (
            _is_number(tokens[last + 1]) or tokens[last + 1].word in _SCALES | {"and"}
        ):
            if gap_after(sentence, tokens, last) not in ("", " ", "-"):
                break
            last += 1
        if tokens[last].word == "and":
            last -= 1
        nouns = 0  # its unit or counted noun, with an adjective: "26 high-profile officials"
        while last + 1 < len(tokens) and gap_after(sentence, tokens, last) in (" ", "-"):
            following = tokens[last + 1]
            if following.hyphen:  # the whole compound: "14-year-old", "30-minute"
                last += 1
            elif (
                nouns < 2 and following.term and following.word.isalpha() and not following.capital
            ):
                last += 1
                nouns += 1
            else:
                break
        spans.append(Span(first, last, NUMBER))
        k = last + 1
    return spans


# A share written in words: a fraction ("almost half", "a third", "two-thirds") or a ratio
# ("one in three visits", "9 out of 10 doctors"); numbers() reads only whole numbers.
_FRACTIONS = frozenset(
    "half halves third thirds quarter quarters fifth fifths tenth tenths".split()
)
_SMALL = frozenset("a one two three four five six seven eight nine ten".split())
_ORDERED = frozenset("the first second third fourth last final".split())  # "the second half"


def shares(tokens: Sequence[Token], sentence: str) -> list[Span]:
    """Shares written in words: a percentage ("10 per cent"), a fraction ("almost half",
    "two-thirds") or a ratio with the noun it counts ("one in three visits", "9 out of 10
    doctors"), each with an approximation before it; not an ordered part ("the second
    half", "the first quarter"), which is a time or a place, not a share."""
    spans: list[Span] = []
    for k, token in enumerate(tokens):
        first = last = k
        if token.word in _FRACTIONS:
            before = tokens[k - 1] if k else None
            if before is not None and before.word in _ORDERED:
                continue
            if before is not None and (before.word in _SMALL or before.text[0].isdigit()):
                first = k - 1  # "a third", "two-thirds"
        elif _is_number(token) and not _is_year(token):
            after = [t.word for t in tokens[k + 1 : k + 4]]
            if after[:1] == ["percent"] or after[:2] == ["per", "cent"]:
                last = k + (1 if after[0] == "percent" else 2)
            elif not _ratio(tokens, k, after):
                continue
            else:
                last = k + (2 if after[0] == "in" else 3)
                last += tokens[last].word == "every"
                if (
                    last + 1 < len(tokens)
                    and tokens[last + 1].term
                    and not tokens[last + 1].capital
                ):
                    last += 1  # the noun it counts: "one in three visits"
        else:
            continue
        while first > 0 and _approximation(tokens, first - 1):
            first -= 1
        spans.append(Span(first, last, NUMBER))
    return spans


def _ratio(tokens: Sequence[Token], k: int, after: list[str]) -> bool:
    """Token k opens "N in (every) M" or "N out of M" (M a number, not a year)."""
    if after[:1] == ["in"] and len(after) > 1:
        at = k + 2
    elif after[:2] == ["out", "of"] and len(after) > 2:
        at = k + 3
    else:
        return False
    at += at < len(tokens) and tokens[at].word == "every"  # "one in every four"
    return at < len(tokens) and _is_number(tokens[at]) and not _is_year(tokens[at])


def _age_before(tokens: Sequence[Token], first: int) -> int:
    """How many words before a number say it is an age: "aged", "age", "age of"."""
    before = [t.word for t in tokens[max(0, first - 2) : first]]
    if before[-1:] in (["aged"], ["age"]):
        return 1
    return 2 if before == ["age", "of"] else 0


def _approximation(tokens: Sequence[Token], k: int) -> bool:
    word = tokens[k].word
    if word in ("than", "to") and k > 0:  # "more than", "up to"
        return tokens[k - 1].word in ("more", "less", "fewer", "up")
    if word in ("more", "less", "fewer"):
        return k + 1 < len(tokens) and tokens[k + 1].word == "than"
    if word in ("least", "most"):
        return k > 0 and tokens[k - 1].word == "at"
    if word == "at":
        return k + 1 < len(tokens) and tokens[k + 1].word in ("least", "most")
    return word in _APPROXIMATELY


# ------------------------------------------------------------------ dates

_YEAR = re.compile(r"^(?:1\d{3}|20\d{2})s?$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$")
_DATE_WORDS = (frozenset(MONTHS.split()) - {"may", "today", "week", "weekend", "year"}) | {
    "spring",  # seasons answer "when" too: "every spring", "this autumn"
    "summer",
    "autumn",
    "winter",
}
_PERIOD_WORDS = frozenset("century centuries decade decades".split())
_QUALIFIERS = frozenset("early late mid middle end beginning first second half last".split())
_CLOCK_WORDS = frozenset("am pm a.m p.m gmt utc".split())
# the words a date may start with (a digit aside: a year, a day, "10th", "9:30"; and "May")
_DATE_STARTS = _DATE_WORDS | _PERIOD_WORDS | _CLOCK_WORDS


def _is_year(token: Token) -> bool:
    return bool(_YEAR.match(token.text))


def _year_after(tokens: Sequence[Token], k: int) -> bool:
    """A number of up to four digits after "in", "by", "until"...: a year ("in 911")."""
    return (
        k > 0
        and tokens[k].text.isdigit()
        and len(tokens[k].text) in (3, 4)
        and tokens[k - 1].word in _YEAR_PREPOSITIONS
    )


_YEAR_PREPOSITIONS = frozenset("in by until since from of ad year".split())


# The plurals not made with -s ("1709 schoolchildren", "2000 people"): English's closed class.
_PLURALS = ("children", "people", "men", "women", "feet", "teeth", "mice", "geese", "police")
# "in 2019 voters ...", "the 2019 elections": a year ("of" is not: "a survey of 1709 pupils")
_BEFORE_YEAR = (_YEAR_PREPOSITIONS - {"of"}) | frozenset(
    "during before after to the a its their his her our this that".split()
)


def _counts(tokens: Sequence[Token], k: int) -> bool:
    """A number written like a year counts the plural noun right after it ("a survey of 1709
    schoolchildren", "2000 people marched"), unless a preposition of time or a determiner
    stands before it ("in 2019 voters chose", "the 2019 elections")."""
    if k + 1 >= len(tokens) or not tokens[k].text.isdigit():
        return False
    after = tokens[k + 1]
    if after.capital or not after.word.isalpha() or (k and tokens[k - 1].word in _BEFORE_YEAR):
        return False
    word = after.word
    return s_form(word) or word.endswith(_PLURALS)


def _date_part(token: Token) -> bool:
    text = token.text
    if text[0].isdigit():  # a year, "10th", "9:30" (no word of the lists has a digit)
        return bool(_is_year(token) or _ORDINAL.match(text) or _CLOCK.match(text))
    word = token.word
    return (
        word in _DATE_WORDS
        or word in _PERIOD_WORDS
        or word in _CLOCK_WORDS
        or (text == "May" and token.start > 0)  # the month, not "may"
    )


def dates(tokens: Sequence[Token], sentence: str) -> list[Span]:
    """Years, decades, centuries, days and times: "the 10th and 11th centuries",
    "February 1082", "12 April 1981", "Tuesday morning", "1050s"."""
    spans: list[Span] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if not (token.text[0].isdigit() or token.word in _DATE_STARTS or token.text == "May"):
            k += 1  # no date, year or day starts here: skipped without the tests below
            continue
        day = tokens[k].text.isdigit() and len(tokens[k].text) <= 2  # "12 April"
        starts = (_date_part(tokens[k]) or _year_after(tokens, k)) and not _counts(tokens, k)
        if not (starts or (day and _month_follows(tokens, k, sentence))):
            k += 1
            continue
        first = last = k
        while last + 1 < len(tokens) and _continues_date(tokens, last + 1, sentence):
            last += 1
        while tokens[last].word in ("and", "of", "the"):
            last -= 1
        if tokens[first].word in _PERIOD_WORDS and first == last:
            k = last + 1  # "a century": no date without its number
            continue
        if first == last and _ORDINAL.match(tokens[first].text):
            k = last + 1  # "the 4th" alone: a rank, not a date
            continue
        while first > 0 and tokens[first - 1].word in _QUALIFIERS:
            first -= 1
        spans.append(Span(first, last, DATE))
        k = last + 1
    return spans


def _month_follows(tokens: Sequence[Token], k: int, sentence: str) -> bool:
    following = tokens[k + 1] if k + 1 < len(tokens) else None
    return (
        following is not None
        and gap_after(sentence, tokens, k) == " "
        and following.word in _DATE_WORDS
        and following.capital
    )


def _continues_date(tokens: Sequence[Token], k: int, sentence: str) -> bool:
    token = tokens[k]
    if gap_after(sentence, tokens, k - 1).strip() not in ("", ","):
        return False
    if token.text.isdigit() and len(token.text) <= 2:  # "April 12", "12 April"
        return True
    if token.word in ("and", "of", "the") and k + 1 < len(tokens):
        return _date_part(tokens[k + 1])  # "the 10th and 11th centuries", "April of 1981"
    return _date_part(token)


# ------------------------------------------------------------------ names

# Sentence adverbs and quantifiers that open sentences but never names (the stopwords aside).
_OPENERS = frozenset(
    """
    earlier later soon meanwhile several instead still already perhaps recently eventually
    finally today yesterday tomorrow last next every many most some few
    """.split()
)
_NAME_JOINERS = frozenset("of de du des da di del von van la le al bin the and".split())


def named(
    tokens: Sequence[Token],
    sentence: str,
    common: Collection[str] = frozenset(),
    names: Collection[str] = frozenset(),
) -> list[Span]:
    """Runs of capitalised words, joined by the small words of names ("Robert of
    Jumièges"). A capital that only opens the sentence is no name: a stopword ("The
    Kremlin"), or a lone word that is `common` in English unless it is one of `names`
    (written with a capital elsewhere, inside a sentence)."""
    spans: list[Span] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if not token.capital or token.text[0].isdigit():  # not `_name_word`: no call a word
            k += 1
            continue
        last = k
        while last + 1 < len(tokens) and gap_after(sentence, tokens, last) in (" ", "-"):
            following = tokens[last + 1]
            if _name_word(following):
                last += 1
            elif following.word in _NAME_JOINERS and _joins(tokens, last + 1, sentence):
                last += 2
            else:
                break
        first = k
        while first <= last and (
            tokens[first].word in STOPWORDS or tokens[first].word in _DATE_WORDS
        ):
            first += 1  # "The Kremlin", "In Kyiv", "On Monday": a capital that opens a sentence
        opener = first <= last and opens(tokens, first, sentence)
        word = tokens[first].word if opener else ""
        if word in _OPENERS or (first == last and word in common and word not in names):
            first += 1  # "Earlier Viking settlers", "Soon, ...": a capital only as an opener
        if first <= last and not all(_date_part(t) for t in tokens[first : last + 1]):
            spans.append(Span(first, last, NAMED))
        k = last + 1
    return spans


def _name_word(token: Token) -> bool:
    return token.capital and not token.text[0].isdigit()


def _joins(tokens: Sequence[Token], k: int, sentence: str) -> bool:
    """A small word inside a name: a name word follows ("Charles the Bald")."""
    return (
        k + 1 < len(tokens)
        and gap_after(sentence, tokens, k) == " "
        and _name_word(tokens[k + 1])
        and tokens[k].word != "and"  # "France and Spain" are two names
    )
