"""What a sentence can answer: a number, a date, a sum of money, a unit, a place, a name.

Question-independent: each sentence is read once (`cues_in`, kept in its passage's facts),
not once per question; bot/answering/evidence.py matches these cues against what a
question's analysis asks for.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from bot.lexicon import past_verb
from bot.memo import Bounded
from bot.text import DETERMINERS, FINITE_AUXILIARIES, STOPWORDS, alternatives, normalize

NUMBER, DATE, PERSON, PLACE, NAME = "number", "date", "person", "place", "name"
MEMBER = "member"  # of a closed class: "Which countries", "What religion"
MONEY, UNIT = "money", "unit"

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve dozen dozens twenty thirty"
    " forty fifty hundred hundreds thousand thousands million millions billion billions"
    " half percent"
    # the teens and the other tens: "at age seventeen", "sixty workers"
    " thirteen fourteen fifteen sixteen seventeen eighteen nineteen sixty seventy eighty ninety"
)
MONTHS = (
    "january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow"
    " century centuries week weekend year decade morning afternoon evening night noon midnight"
)
_YEARS = r"1\d{3}s?|20\d{2}s?"  # a year or a decade: "1791", "the 1840s"
_NUMBER_CUE = re.compile(rf"\d|\b(?:{'|'.join(NUMBER_WORDS.split())})\b", re.IGNORECASE)
_DATE_CUE = re.compile(
    rf"\b(?:{_YEARS}|\d+(?:st|nd|rd|th)|{'|'.join(MONTHS.split())})\b", re.IGNORECASE
)
# `[£$€¥₽]\s?\d|\d\s*(?:million|…)?\s*(?:pounds?|…)\b`, both alternatives started from one
# character class (what follows looks behind at which it was): the regex engine then skips
# ahead to the next sign or digit, 2x faster (tests/test_cues.py holds the two equal)
_MONEY_CUE = re.compile(
    r"[£$€¥₽\d](?:(?<=[£$€¥₽])\s?\d|(?<=\d)\s*(?:million|billion|bn|thousand)?\s*"
    r"(?:pounds?|dollars?|euros?|roubles?|rubles?|tenge|yen|francs?|pence|cents?|hryvnias?"
    r"|yuan|rupees?)\b)",
    re.IGNORECASE,
)
# Units, by what they measure: any of them makes a number a measure (_UNIT_CUE); a measure
# question wants those of its own dimension (_DIMENSION_UNITS).
LENGTHS = r"(?:milli|centi|kilo)?met(?:re|er)s?|mm|cm|km|miles?|feet|foot|ft|inch(?:es)?|yards?"
DURATIONS = r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries"
_MASSES = r"kilo(?:gram)?s?|kg|grams?|tonnes?|tons?"  # not pounds: money too
_TEMPERATURES = r"degrees?|celsius|fahrenheit"
_POWERS = r"(?:kilo|mega|giga)?watts?(?:[ -]hours?)?|[kmg]wh?"
_LIQUIDS = r"(?:milli)?lit(?:re|er)s?|gallons?|barrels?|cubic"
_AREAS = r"hectares?|acres?|square"
_UNIT_CUE = re.compile(
    rf"\b(?:{LENGTHS}|{_AREAS}|{_MASSES}|{_TEMPERATURES}|knots|mph|{DURATIONS}"
    rf"|percent|storeys?|floors?|aged?|{_POWERS}|{_LIQUIDS})\b|%|-year-old",
    re.IGNORECASE,
)
# "How cold" is answered by degrees, not by "thirty years"; "how long" by a length or a
# duration; "how old" also by a year ("from the 1840s"). A measure whose dimension is not
# listed ("how big") takes any unit.
_DIMENSION_UNITS = {
    "temperature": _TEMPERATURES,
    "height": rf"{LENGTHS}|storeys?|floors?",
    "depth": LENGTHS,
    "width": LENGTHS,
    "distance": LENGTHS,
    "length": rf"{LENGTHS}|{DURATIONS}",
    "weight": rf"{_MASSES}|pounds?|lbs?|ounces?",
    "speed": r"knots|mph|km/h|kph|(?:met(?:re|er)s?|kilomet(?:re|er)s?|miles?) (?:an|per) hour",
    "age": rf"{DURATIONS}|aged?|-year-old|{_YEARS}",
    "power": _POWERS,
    "rainfall": LENGTHS,
    "volume": rf"{_LIQUIDS}|tonnes?|tons?",
    "area": _AREAS,
}
# A dimension's units, by its noun ("temperature": degrees, and "5°").
DIMENSION_UNITS = {
    noun: re.compile(
        rf"\b(?:{units})\b" + (r"|\d\s?°" if noun == "temperature" else ""), re.IGNORECASE
    )
    for noun, units in _DIMENSION_UNITS.items()
}
# A person's name as news writes it at first mention: two or more capitalised words.
# A regnal number counts as a word of the name: "Richard I", "Charles III".
_NAME = re.compile(r"\b[A-Z][a-zà-ÿ'’-]+(?:\s+(?:[A-Z][a-zà-ÿ'’-]+|[IVX]{1,4}\b))+")
# Capitalised runs with these words name bodies and places, not people.
_ORGANISATION_WORDS = frozenset(
    """
    agency association bank bay church city college committee commission council county court
    criminal department federation foundation fund government hospital house institute
    international justice kingdom league library ministry museum nations national office
    organisation organization parliament party police press republic school service society
    state states station statute street times union united university
    """.split()
)
# An age is no date: the "year" of "a 14-year-old boy" or the "week" of "a six-week-old
# lamb" dates nothing (the date cue is searched with these taken out).
# (`(?<=\w)-…`, started from its hyphen: 25x faster, tests/test_cues.py holds the two equal)
_AGE = re.compile(r"-(?<=\w-)(?:year|month|week|day)s?-old\b", re.IGNORECASE)
_PLACE_CUE = re.compile(r"\b(?:in|at|from|near|to|of)\s+(?:the\s+)?[A-Z][\w'’-]+")
# A time of day, which the date cue leaves to the number cue: "22:30", "9:05", "9 pm", "9pm",
# "6:00am", "9.30pm", "9 a.m.", "at nine a.m.", "noon", "midnight", "six o'clock".
# - The colon is a clock's: "22:30" alone is a time. A dot is also a decimal point ("9.50
#   percent", "a 3.40 ratio", "£1.50"), so "9.30" is a time only with am/pm after it.
# - "a.m."/"p.m." written with dots mean nothing else in English, so they are a time with a
#   number word before them ("nine a.m.") or none; undotted "am" and "pm" need a figure
#   before them, as "am" is a verb and "PM" a prime minister ("the PM of the party").
_TIME_OF_DAY = re.compile(
    r"""\b(?:[01]?\d|2[0-3])  # an hour of the clock, then
        (?::[0-5]\d\b | (?:[:.][0-5]\d)?\s?[ap]m\b)  # its minutes after a colon, or am/pm
    | (?<![a-z])[ap]\.m\b  # "a.m." after a figure, a number word or nothing
    | \b(?:noon|midnight|o['’]clock)\b  # (noon and midnight are date words too: MONTHS)""",
    re.IGNORECASE | re.VERBOSE,
)


def cues_in(sentence: str) -> frozenset[str]:
    """The question-independent cues a sentence holds (a number, a sum of money, a unit, a
    date, a place, a quoted name): read once per sentence, not once per question.

    The same as searching each `_*_CUE` pattern (tests/test_cues.py), faster: the word
    alternatives of the number, date and unit patterns are read per word (`_word_cues`),
    and a sum of money needs a digit. Every passage's sentences are read so when an index
    is built (bot/fact_build.py): the patterns alone took 0.2 ms a sentence.
    """
    return without_ages(sentence, word_cues(sentence)) | sentence_cues(sentence)


def states_time(text: str) -> bool:
    """Whether `text` states a time: a date, a year, a weekday, a month (the date cue) or a
    time of day (`_TIME_OF_DAY`). Answering asks it of a passage's clauses
    (bot/answering/events.py), a follow-up "When?" of the passage it borrows
    (bot/followup_plan.py)."""
    return DATE in cues_in(text) or _TIME_OF_DAY.search(text) is not None


def word_cues(text: str) -> frozenset[str]:
    """The cues of `text`'s words (its runs of word characters: a number, a date, a unit),
    so the union of its parts' cues when it is cut between words (a build reads each
    distinct piece of text once, bot/fact_build.py); before `without_ages`."""
    present: set[str] = set()
    # a text of letters only is its one word (most pieces a build reads): no regex
    for word in (text,) if text.isalpha() else _WORD.findall(text):
        found = _known.get(word)
        if found is None:
            found = _word_cues(word)
        present |= found
    return frozenset(present)


def letters_cues(word: str) -> frozenset[str]:
    """`word_cues` of a `word` of letters alone (``word.isalpha()``), without its loop."""
    found = _known.get(word)
    return _word_cues(word) if found is None else found


def without_ages(sentence: str, found: frozenset[str]) -> frozenset[str]:
    """`found`, the cues of the sentence's words, without the date when its only date words
    are ages' ("a 14-year-old boy"): the one word cue that depends on the words around."""
    if DATE in found and _AGE.search(sentence):  # is the date word only an age's?
        ageless = _AGE.sub(" ", sentence)
        if not any(DATE in _word_cues(word) for word in _WORD.findall(ageless)):
            return found - {DATE}
    return found


def sentence_cues(sentence: str, digits: bool | None = None) -> frozenset[str]:
    """The cues read from the whole sentence rather than word by word: a figure, a sum of
    money, a unit sign, a place, a quoted name; `digits`: whether it has a digit, when the
    caller knows (a build knows it from the sentence's pieces: bot/fact_build.py)."""
    present: set[str] = set()
    if has_digit(sentence) if digits is None else digits:
        present.add(NUMBER)
        if _MONEY_CUE.search(sentence):
            present.add(MONEY)
    # each pattern searched only where the character it needs is (a build reads every
    # sentence: a test in C is cheaper than a regex search)
    if ("%" in sentence or "-" in sentence) and _UNIT_SIGNS.search(sentence):
        present.add(UNIT)
    if _PLACE_CUE.search(sentence):
        present.add(PLACE)
    if ('"' in sentence or "“" in sentence or "‘" in sentence) and quoted(sentence):
        present.add(NAME)
    return frozenset(present)


def has_digit(text: str) -> bool:
    """Whether `text` has a digit (`\\d`: a figure is a number cue)."""
    return _DIGIT.search(text) is not None


# `\b(?:words)\b` can only match a whole run of word characters (each alternative is
# word characters only, or starts with a run of them that is itself an alternative:
# "watt" of "watt-hours"), so a sentence matches it when one of its runs matches whole.
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")
_NUMBER_WORD = re.compile(rf"(?:{'|'.join(NUMBER_WORDS.split())})", re.IGNORECASE)
_DATE_WORD = re.compile(_DATE_CUE.pattern.removeprefix(r"\b").removesuffix(r"\b"), re.IGNORECASE)
_UNIT_WORD_PATTERN, _UNIT_SIGNS_PATTERN = _UNIT_CUE.pattern.split(r"\b|", 1)
_UNIT_WORD = re.compile(_UNIT_WORD_PATTERN.removeprefix(r"\b"), re.IGNORECASE)
_UNIT_SIGNS = re.compile(_UNIT_SIGNS_PATTERN, re.IGNORECASE)  # "%", "-year-old"
_known: Bounded[str, frozenset[str]] = Bounded(100_000)  # word -> its cues


# Any of the three: one search rules out a word that is none (a build reads each new word
# so: 96% of the news articles' distinct words, 99.5% of bench's), at less than half the cost
# of searching the three
_ANY_WORD = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_NUMBER_WORD, _DATE_WORD, _UNIT_WORD)), re.IGNORECASE
)
_NO_CUES: frozenset[str] = frozenset()


def _word_cues(word: str) -> frozenset[str]:
    if _ANY_WORD.fullmatch(word) is None:
        return _known.keep(word, _NO_CUES)
    found = frozenset(
        cue
        for cue, pattern in ((NUMBER, _NUMBER_WORD), (DATE, _DATE_WORD), (UNIT, _UNIT_WORD))
        if pattern.fullmatch(word)
    )
    return _known.keep(word, found)


_QUOTED = re.compile(r"[“\"‘]([^”\"’]{2,60})[”\"’]")


def names_a_person(sentence: str, asked: frozenset[str]) -> bool:
    """Whether the sentence names a person (two or more capitalised words, not a body or a
    place) who is not one of the `asked` words of the question."""
    return any(map(asked.isdisjoint, _people(sentence)))  # C loops: ranking asks it often


@lru_cache(maxsize=8192)  # the same candidates' sentences come back question after question
def _people(sentence: str) -> tuple[frozenset[str], ...]:
    """The words of each person the sentence names: two or more capitalised words, not a
    body or a place."""
    found: list[frozenset[str]] = []
    for name in _NAME.findall(sentence):
        words = _WORD.findall(normalize(name))
        if words[0] in STOPWORDS:  # "The Kremlin", "After Rollo": a capital opening a sentence
            words = words[1:]
        parts = frozenset(words)
        if len(parts) >= 2 and parts.isdisjoint(_ORGANISATION_WORDS):
            found.append(parts)
    return tuple(found)


def quoted(sentence: str) -> list[str]:
    """Short phrases in quotes (up to six words): how news reports what someone calls a thing."""
    found = _QUOTED.findall(sentence)
    return [phrase for phrase in found if len(phrase.split()) <= 6]


_WHY = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:why|how come|what for)\b", re.IGNORECASE)
# What states a reason: a conjunction or phrase of cause or purpose, or a verb of causing.
REASON = re.compile(
    r"\b(?:because|since|as a result|due to|owing to|thanks to|on the grounds|in order to"
    r"|so that|so as to|for fear|fearing|after(?! all\b)|the reason|reasons?\b|why|led to|leads? to"
    r"|caused?|causing|drove|drives|driven|prompted|forced|triggered|resulted|aimed? to"
    r"|intended|in protest|to (?:avoid|prevent|protect|stop|help|keep|make|allow|force)"
    r"|blam(?:e|es|ed|ing)|citing|attributed to)\b"
    r"|, so\b",  # "It could not fly in the wind, so they climbed": the cause comes first
    re.IGNORECASE,
)

# REASON for lower-case text: Python's re tries IGNORECASE alternatives slowly at each place
_REASON_LOWER = re.compile(REASON.pattern)


def asks_why(question: str) -> bool:
    """A why-question ("Why?", "And why did they leave?", "How come?")."""
    return _WHY.match(question) is not None


def states_reason(text: str) -> bool:
    """Whether `text` states a cause or a purpose ("because", "after a row", "drove")."""
    return bool(reason_cues(text))


def reason_cues(text: str) -> tuple[tuple[str, int], ...]:
    """Each REASON cue of `text`: its words and where it ends. Kept per text: ranking asks
    of every sentence of a why-question's candidates, the same sentences question after
    question, and the pattern's search is slow (~0.2 ms a sentence)."""
    known = _stated.get(text)
    if known is None:
        lowered = text.lower()  # the pattern without IGNORECASE: ~3x faster on a sentence
        if len(lowered) == len(text):  # ends stay where they are ("İ" lowers to two)
            found = tuple((cue.group(0), cue.end()) for cue in _REASON_LOWER.finditer(lowered))
        else:
            found = tuple((cue.group(0), cue.end()) for cue in REASON.finditer(text))
        known = _stated.keep(text, found)
    return known


_stated: Bounded[str, tuple[tuple[str, int], ...]] = Bounded(100_000)  # text -> its cues


# "since" and "after" telling a time, not a cause (reason_as_time; docs/quality.md round 48).
# "since" is an adverb after "have", "ever" or "long" ("shops have since stopped", "ever
# since"), or where nothing of its clause follows it ("the shop has shut since.")
_SINCE_ADVERB = re.compile(
    r"\b(?:ha(?:s|ve|d)|[’']ve|[’']d|ever|long)(?:\s+(?:not|never|also|only))?\s+since$"
)
# Where the clause a cue opens ends: a comma, a stop, a colon, a bracket or a quote.
CLAUSE_END = re.compile(r"[,;:.!?()\"“”]")
# A finite verb in a clause: an auxiliary or a modal ("since the road WAS closed", "since
# they HAD left"; not a possessive's "'s"), a subject pronoun ("since WE cannot"), or a past
# form not after a determiner (lexicon.past_verb: "since the road CLOSED", "since prices FELL";
# not "since the PLANNED closure")
_SUBJECTS = frozenset("i you he she it we they there".split())
_FINITE = re.compile(
    rf"\b(?:{alternatives(FINITE_AUXILIARIES | _SUBJECTS)})\b|[’'](?:re|ve|d|ll)\b|n[’']t\b"
)
_WORD = re.compile(r"\w+")
_DETERMINERS = DETERMINERS | frozenset("some any each every no another other such".split())
# "after" or "since" before a time: a date, a duration or a time noun ("after the break",
# "after three weeks", "after Monday", "since then", "since 2019"): the time of what the
# sentence tells, naming no event that could be its cause
_A_TIME = re.compile(
    rf"\s+(?:(?:the|a|an|this|that|last|next|its|his|her|their|just|only|about|around|nearly"
    rf"|almost|over|more than|less than|some|several|few|many|early|late|mid|first|second"
    rf"|\d+|{'|'.join(NUMBER_WORDS.split())})[\s-]+)*"
    rf"(?:{_YEARS}|{'|'.join(MONTHS.split())}|{DURATIONS}|then|time|breaks?|interval"
    rf"|pause|half-time|halftime|recess|holidays?|season)\b(?![’']s\b|-)"  # not "Monday's vote"
)


def cue_of_time(cue: str, text: str, at: int) -> bool:
    """Whether the REASON cue `cue` of lower-case `text`, ending at `at`, tells a time, not a
    cause: "since" unless a finite clause follows it ("since the road was closed", "since
    prices fell"; not "since 2019", "since her semifinal", "have since stopped"), and
    "after" before a date, a duration or a time noun ("after the break", "after three
    weeks"; not "after the recall", "after its screen cracked")."""
    if cue == "since":
        if _SINCE_ADVERB.search(text, 0, at) or _A_TIME.match(text, at):
            return True  # "have since stopped", "since 2019", "since then"
        end = CLAUSE_END.search(text, at)
        clause = text[at : end.start() if end else len(text)]
        if _FINITE.search(clause):
            return False
        words = _WORD.findall(clause)
        return not any(
            past_verb(word) and before not in _DETERMINERS for before, word in pairwise(words)
        )
    if cue == "after":
        return _A_TIME.match(text, at) is not None
    return False
