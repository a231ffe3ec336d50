"""Whether a sentence holds the kind of answer a question asks for, about the thing asked.

A near miss reuses an article's words but asks for something the article never states:
"How much did the tickets cost?" of a story that gives no price, "How many hours was he
held?" of one that gives no hours, "Which hospital was she taken to?" of one that names
none. Such a question is declined when no sentence of the best passage holds an answer of
the asked kind (answering calls `states` on its sentences):

- MONEY, "how much ... cost / pay / raise ...", "what is the price of", "how much N" where
  N names money ("compensation", "rent": bot/data/money_nouns.txt, from WordNet): a sum of
  money;
- PERCENT, "what percentage / proportion / share of": a percentage;
- DURATION, "how long does it last / is the bridge": a number with a unit of time, not
  an age ("a nine-month-old girl"), or a length;
- COUNT, "how many N": a number standing with N (within ``count_window`` words), not a number
  about something else: "seven astronauts" for "how many astronauts";
- NAMED, "what is the name of the N", "which N" where N is a kind of thing news names
  (for "which N": a person or a facility; bot/data/named_kinds.txt, from
  WordNet): a capitalised name the question does not hold, standing with N;
- PENALTY, QUANTITY, FUTURE: a penalty, a measure's number, a date said of the future
  (their wording: bot/answering/answer_kinds.py).

"How many times" is answered by "twice" as much as by "two times".

A count must stand with N in its sentence. A name is checked against N where the sentence
names N; a sentence that does not name N may hold it in any place (the one before named N).

The kinds are read from the question's wording only, as general English; nothing here
knows any article. The caller passes the index terms standing for N (N itself, and the
close spellings and related words it matches).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from bot.answering import answer_kinds as more
from bot.answering.question import asks_money
from bot.cues import DURATIONS, LENGTHS, MONTHS, NUMBER_WORDS, cues_in
from bot.lexicon import past_verb
from bot.lines import data_lines
from bot.rules import RuleSettings
from bot.text import AUXILIARIES, STOPWORDS, normalize, term, words

MONEY, PERCENT, DURATION, COUNT, NAMED = "money", "percent", "duration", "count", "named"
PENALTY, QUANTITY, FUTURE = "penalty", "quantity", "future"
_DEFAULT_RULES = RuleSettings()  # the windows' defaults, for callers without settings
# "Which teacher / hospital": the answer is a name. Not groups ("which culture") nor
# locations ("what place"), often answered by a common noun or an adjective.
WHICH_KINDS = ("person", "facility")

_PERCENT_ASKED = re.compile(r"\bwhat (?:percentage|percent|proportion|share|fraction)\b")
_SMALL = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
# A share is a percentage, a fraction, or a ratio: "61%", "almost half", "two-thirds",
# "one in three visits", "9 out of 10 doctors".
_PERCENT = re.compile(
    rf"\d\s?%|\bper ?cent(?:age)?\b|\b(?:half|thirds?|quarters?|fifths?|tenths?)\b"
    rf"|\b{_SMALL}\s+(?:in|out\s+of)\s+(?:every\s+)?(?:{_SMALL}|hundred|thousand)\b",
    re.IGNORECASE,
)


def is_share(text: str) -> bool:
    """Whether `text` writes a share: a percentage, a fraction or a ratio."""
    return bool(_PERCENT.search(text))


_DURATION_ASKED = re.compile(r"\bhow long\b")
_AMOUNT = rf"(?:\d|\b(?:{'|'.join(NUMBER_WORDS.split())}|a|an|several|few)\b)"
_LENGTH = re.compile(rf"{_AMOUNT}[\d.,]*[\s-]*(?:{LENGTHS})\b", re.IGNORECASE)
_TIME_UNIT = rf"(?:{DURATIONS}|nights?)"  # the units of bot/cues.py, and a stay's nights
_DURATION = re.compile(
    rf"{_AMOUNT}[\d.,]*[\s-]*(?:[a-z]+ )?{_TIME_UNIT}\b(?!-old| old\b)", re.IGNORECASE
)
_COUNT_ASKED = re.compile(r"\bhow many (?P<subject>[a-z][a-z'-]*(?: [a-z][a-z'-]*)?)")
_NAME_ASKED = re.compile(
    r"^(?:what|which)(?:'s| is| was| are| were) (?:the )?names? of (?:the |a |an |his |her "
    r"|their |its )?(?P<subject>[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,3})"
    r"|^(?:what|which)(?:'s| is| was) (?P<owner>.+?)'s? name\b"
)
_WHICH = re.compile(
    r"^(?:(?:in|at|to|from|for|by|with) )?(?:which|what)"
    r" (?P<subject>[a-z][a-z'-]*(?: [a-z][a-z'-]*)?)"
)
# "how much compensation", "how much prize money": the noun naming money, one of two words
_HOW_MUCH = re.compile(r"\bhow much (\w+)(?: (\w+))?")
_TIMES = frozenset({"once", "twice", "thrice"})  # "how many times": "twice denied"
_NOT_SUBJECT = AUXILIARIES | frozenset(
    "the a an of it its this that these those kind type sort".split()
)
# The world's currencies as English names them (and their ISO codes): a sum in kroner,
# zloty or rand is a sum of money as much as one in dollars.
_CURRENCIES = (
    "dollars? cents? pounds? pence penny euros? yen yuan renminbi rupees? rupiahs? roubles?"
    " rubles? kopeks? hryvnias? tenge francs? centimes? lira lire krone kroner kronor kronur"
    " krona kr pesos? centavos? reais real rand ringgit baht dong won dinars? dirhams? riyals?"
    " rials? shekels? zloty zlotys zlotych forints? koruna korun lev leva lei leu kuna som"
    " manat lari drams? taka kyat kip naira cedis? shillings? birr kwacha pula bolivars?"
    " soles quetzales quetzals lempiras? cordobas? guaranies guaranis rupiah afghanis? bitcoins?"
    " usd eur gbp jpy cny inr rub uah chf sek nok dkk isk pln czk huf aud cad nzd zar brl mxn"
)
MONEY_SUM = re.compile(
    rf"\d[\d.,]*\s*(?:(?:million|billion|trillion|thousand|m|bn|k)\s*)?"
    rf"(?:{'|'.join(_CURRENCIES.split())})\b|[£$€¥₹₩₺₽₴]\s?\d",
    re.IGNORECASE,
)
_NUMBER_WORD = frozenset(NUMBER_WORDS.split()) - {"half", "percent"}
_NOT_NAMES = frozenset(MONTHS.split()) | STOPWORDS
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")


@dataclass(frozen=True)
class Asked:
    kind: str  # MONEY, PERCENT, DURATION, COUNT, NAMED, PENALTY, QUANTITY or ""
    subject: tuple[str, ...] = ()  # the words of what is counted or named ("astronauts")
    owner: tuple[str, ...] = ()  # NAMED "X's N": X, whose N is asked ("jane roe")


NOTHING = Asked("")


@cache
def named_kinds(*kinds: str) -> frozenset[str]:
    """Index terms of nouns naming a kind of thing news names (teacher, hospital), of the
    given kinds: person, group, place (a location), facility."""
    terms: set[str] = set()
    for line in data_lines("named_kinds.txt"):
        kind, found = line.split(":", 1)
        terms.update(found.split() if kind in kinds else ())
    return frozenset(terms)


@cache
def person_nouns() -> frozenset[str]:
    """English nouns whose usual sense is a person, and their plurals, as written ("nurse",
    "protesters": bot/data/person_nouns.txt, from WordNet by docs/person_nouns.py)."""
    return frozenset(data_lines("person_nouns.txt"))


@cache
def money_nouns() -> frozenset[str]:
    """English nouns whose usual sense is a sum of money, and their plurals, as written
    ("compensation", "salaries": bot/data/money_nouns.txt, from WordNet by
    docs/money_nouns.py)."""
    return frozenset(data_lines("money_nouns.txt"))


def names_money(text: str) -> bool:
    """Whether "how much" is followed by a noun naming money, within two words ("How much
    COMPENSATION will he get?", "how much prize MONEY"); `text` normalised."""
    match = _HOW_MUCH.search(text) if "how much" in text else None  # most questions: no
    return match is not None and any(w in money_nouns() for w in match.groups() if w)


def asked(question: str, rules: RuleSettings = _DEFAULT_RULES) -> Asked:
    """The kind of answer the question's wording asks for, and what it is about."""
    text = " ".join(normalize(question).replace("?", " ").split())
    if rules.penalty_declines and more.asks_penalty(text):
        return Asked(PENALTY)
    if rules.future_declines and more.asks_future(text):
        return Asked(FUTURE)
    if asks_money(question) or (rules.sum_told and names_money(text)):
        return Asked(MONEY)
    # each search only where a word every match holds is (question.holds_any: cost round C)
    if "what " in text and _PERCENT_ASKED.search(text):
        return Asked(PERCENT)
    if "how long" in text and _DURATION_ASKED.search(text):
        return Asked(DURATION)
    if "how many " in text and (match := _COUNT_ASKED.search(text)):
        return Asked(COUNT, _subject(match["subject"]))
    if "name" in text and (match := _NAME_ASKED.search(text)):
        owner, _, subject = (match["subject"] or "").rpartition("'s ")  # "X's husband"
        return Asked(NAMED, _subject(subject) if subject else (), _owner(owner))
    if match := _WHICH.search(text):  # "which hospital", "which UN officials", not "which colour"
        subject = _subject(match["subject"])
        kinds = named_kinds(*WHICH_KINDS)
        head = next((k for k, word in enumerate(subject) if term(word) in kinds), None)
        if head is not None:
            return Asked(NAMED, subject[: head + 1])
    if rules.quantity_declines and (measure := more.asks_quantity(text, _subject)):
        return Asked(QUANTITY, (measure,))
    return NOTHING


def _owner(phrase: str) -> tuple[str, ...]:
    """The words of X in "the name of X's N", without a leading article or pronoun."""
    return tuple(w for w in phrase.split() if w not in STOPWORDS and w not in _NOT_SUBJECT)


def _subject(phrase: str) -> tuple[str, ...]:
    kept: list[str] = []
    for word in phrase.split():
        if word in _NOT_SUBJECT or word in STOPWORDS or (kept and past_verb(word)):
            break  # "how many firefighters FOUGHT": the verb
        kept.append(word)
    return tuple(kept)


def is_duration(text: str) -> bool:
    """Whether `text` states a span of time ("six seconds", "a nine-day sit-in"), not an
    age ("a nine-month-old girl")."""
    return bool(_DURATION.search(text))


def states(
    kind: str,
    sentence: str,
    about: Collection[str] = (),
    question: Collection[str] = (),
    rules: RuleSettings = _DEFAULT_RULES,
    owner: Collection[str] = (),
    others: Collection[str] = (),
) -> bool:
    """Whether `sentence` holds an answer of `kind`; for COUNT and NAMED, standing with one
    of the index terms `about` (any place in the sentence when `about` is empty), and for
    NAMED a name none of the question's words `question` (normalised) is part of; when
    the question asks X's N, X's index terms `owner` must own N there (`owns`)."""
    if kind == MONEY:  # the money pattern that ranking uses, or any currency's name
        return "money" in cues_in(sentence) or bool(MONEY_SUM.search(sentence))
    if kind == PERCENT:
        return is_share(sentence)
    if kind == DURATION:  # "how long" asks a time, or a length ("how long is the bridge")
        return bool(_DURATION.search(sentence) or _LENGTH.search(sentence))
    if kind == COUNT:
        tokens = words(sentence)
        times = "time" in about  # "how many times": "twice denied"
        answers = [
            k
            for k, w in enumerate(tokens)
            if w[0].isdigit() or w in _NUMBER_WORD or (times and w in _TIMES)
        ]
        return (
            _near(answers, tokens, about, rules.count_window)
            or (times and any(w in _TIMES for w in tokens))
            or _counts_of(answers, tokens, about, others)
        )
    if kind == PENALTY:  # a term, a fine, or what the court did
        term_or_fine = _DURATION.search(sentence) or MONEY_SUM.search(sentence)
        return bool(term_or_fine or more.PENALTY.search(sentence))
    if kind == FUTURE:
        return "date" in cues_in(sentence) and bool(more.FUTURE.search(sentence))
    if kind == QUANTITY:
        return any(w[0].isdigit() or w in _NUMBER_WORD for w in words(sentence))
    if kind == NAMED:
        tokens = words(sentence)
        found = _names(sentence, question)
        return _near(found, tokens, about, rules.name_window) and owns(tokens, owner, about)
    return True


def owns(tokens: list[str], owner: Collection[str], about: Collection[str]) -> bool:
    """Whether the sentence's words may say N is X's, for "the name of X's N": a sentence
    naming X must name it before N ("X's N", "X said her N") or after "N of" ("the N of
    X"); "her ex-husband and X's father" is the husband of someone else. A sentence not
    naming X may hold N as X's ("Her husband, John Roe, ..."); so may any sentence when
    nothing is owned or N is not in it (a name is then checked as for any N)."""
    if not owner or not about:
        return True
    terms = [term(w) for w in tokens]
    held = [k for k, t in enumerate(terms) if t in about]
    mine = [k for k, t in enumerate(terms) if t in owner]
    if not held or not mine:
        return True
    after_of = any(
        tokens[k + 1 : k + 2] == ["of"] and k + 2 <= m <= k + 4 for k in held for m in mine
    )
    return after_of or any(m < k for m in mine for k in held)


def _counts_of(
    answers: list[int], tokens: list[str], about: Collection[str], others: Collection[str]
) -> bool:
    """A count of the thing the question counts in other words, as a part of what the
    question names: "How many seats does the council have?" of "70 members of the
    council", in a sentence not naming the counted thing (which would stand with it)."""
    terms = [term(w) for w in tokens]
    if not others or any(t in about for t in terms):
        return False
    for k in answers:
        for of in (k + 2, k + 3):  # "70 members of", "70 elected members of"
            if tokens[of : of + 1] == ["of"] and set(terms[of + 1 : of + 4]) & set(others):
                return True
    return False


def _near(answers: list[int], tokens: list[str], about: Collection[str], window: int) -> bool:
    """An answer within `window` words of what it is about (anywhere when `about` is empty)."""
    if not answers or not about:
        return bool(answers)
    held = [k for k, w in enumerate(tokens) if term(w) in about]
    return any(abs(a - k) <= window for a in answers for k in held)


def _names(sentence: str, question: Collection[str]) -> list[int]:
    """Word positions (as `words` counts them) of capitalised words that are names: not a
    month or a function word, not a word of the question, and not opening the sentence
    unless the next word is capitalised too ("Jane Roe, a nurse, ...")."""
    positions: list[int] = []
    position = 0
    raws = sentence.split()
    for k, raw in enumerate(raws):
        found = words(raw)
        capital = bool(_CAPITALISED.match(raw.lstrip("\"“‘'(")))
        named = capital and (k or (len(raws) > 1 and _CAPITALISED.match(raws[1])))
        if named and found and found[0] not in _NOT_NAMES and found[0] not in question:
            positions.append(position)
        position += len(found)
    return positions
