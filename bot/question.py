"""What a question asks for: its answer type, a definition target, and acronyms.

Read from the raw question (question words are stopwords for retrieval, so
the analysed terms no longer hold them). The cues are used to pick the
sentence that answers ("how many" wants a number, "when" a date, "who" a
name, "where" a place) and to send "Who is X?" / "What is the ICC?" to the
passage that introduces X.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from bot.lexicon import COUNTRIES, DIRECTIONS, LANGUAGES, RELIGIONS
from bot.text import STOPWORDS, normalize

NUMBER, DATE, PERSON, PLACE, NAME = "number", "date", "person", "place", "name"
MEMBER = "member"  # of a closed class: "Which countries", "What religion"

# "How cold / tall / far ...?" asks for a measure: the adjective names its dimension, which news
# states with the dimension's noun or a unit ("Temperatures fell to minus five degrees").
MEASURES = {
    "cold": "temperature",
    "hot": "temperature",
    "warm": "temperature",
    "long": "length",
    "tall": "height",
    "high": "height",
    "deep": "depth",
    "wide": "width",
    "heavy": "weight",
    "fast": "speed",
    "far": "distance",
    "old": "age",
    "big": "size",
    "large": "size",
}
# "How much electricity / rain / land?" asks for an amount of a substance, which news states
# in the substance's units ("2.4 megawatts"), not as a count ("three turbines").
QUANTITIES = {
    "electricity": "power",
    "power": "power",
    "energy": "power",
    "rain": "rainfall",
    "rainfall": "rainfall",
    "snow": "rainfall",
    "water": "volume",
    "oil": "volume",
    "fuel": "volume",
    "gas": "volume",
    "land": "area",
    "forest": "area",
}
_MEASURE = re.compile(
    rf"\bhow ({'|'.join(MEASURES)})\b|\bhow much (?:\w+ )?({'|'.join(QUANTITIES)})\b"
)

# "Which countries", "What religion", "In what language", "What part of France": the answer
# is a member of a closed class (bot/lexicon.py), which the answering sentence names.
_MEMBER_ASKED = re.compile(
    r"\b(?:what|which) (?:(?P<noun>countr(?:y|ies)|nations?|languages?|tongues?|religions?"
    r"|faiths?|directions?)\b|(?:part|parts|side) of\b)"
)
_CLASSES = {  # by the noun's first letters; "part of" and "side of" ask for a direction
    "coun": COUNTRIES,
    "nati": COUNTRIES,
    "lang": LANGUAGES,
    "tong": LANGUAGES,
    "reli": RELIGIONS,
    "fait": RELIGIONS,
    "dire": DIRECTIONS,
}

_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "What does Moscow call the war?": news gives such names in quotes.
    (
        NAME,
        re.compile(
            r"^what\b.*\b(?:call|calls|calling|called|name|names|term|terms|dub|dubs|label|labels)\b"
        ),
    ),
    (MEMBER, _MEMBER_ASKED),
    (
        NUMBER,
        re.compile(
            rf"\bhow (?:many|much|{'|'.join(MEASURES)})\b|\bwhat (?:number|percent|share|amount)"
        ),
    ),
    (
        DATE,
        re.compile(
            r"^when\b|\bwhen (?:did|was|were|is|will|do|does|had|has)\b"
            r"|\b(?:what|which|in what) (?:year|date|day|month|century|decade|time|period)\b"
        ),
    ),
    (
        PERSON,
        re.compile(
            r"^(?:who|whom|whose)\b|\b(?:who|whom|whose) (?!is\b|are\b)\w"
            r"|\bwhich (?:person|man|woman|official|leader)\b"
        ),
    ),
    (
        PLACE,
        re.compile(
            r"^where\b|\bwhere (?:did|was|were|is|are|do|does)\b"
            r"|\b(?:what|which|in what)"
            r" (?:countr(?:y|ies)|cit(?:y|ies)|towns?|regions?|places?|rivers?|areas?"
            r"|provinces?|states?)\b"
        ),
    ),
)

DEFINITION = re.compile(
    r"^\s*(?:(?:who|what)(?:'s| is| are| was| were)\s+(?:the |an? )?(?P<target>[^?]{1,60}?)"
    r"|what (?:does|do|did) (?:the )?(?P<acronym>[^?]{1,30}?) stand for)[\s?.!]*$"
)
MAX_TARGET_WORDS = 3
_NAMING = frozenset("called named known termed dubbed".split())  # asks a name, not a definition
# "the story about the tidal turbines", "the photo of the rescue": what names the article.
_ABOUT = re.compile(
    r"\b(?:article|story|piece|report|news|photo|photograph|picture|image)s?"
    r"\s+(?:about|on|of|from)\s+(?P<topic>[^?.!,]+)"
)
_CALLED = re.compile(r"\b(?:call|name|term|dub|label)(?:s|ed|ing)?\s+(?:it\s+)?([^?]+)")

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve dozen dozens twenty thirty"
    " forty fifty hundred hundreds thousand thousands million millions billion billions"
    " half percent"
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
MONEY_CUES = True  # "how much did it cost" wants a sum of money, not any number
MEASURE_UNITS = True  # "how tall" wants a number with a unit
DIMENSION_UNITS = True  # ... a unit of its dimension: degrees for "how cold", not "30 years"
# "How much did the project cost?", "what is the price of": a sum of money, with its currency.
_ASKS_MONEY = re.compile(
    r"\bhow much\b.*\b(?:cost|costs|costing|pay|paid|pays|spend|spent|spends|worth|price|money"
    r"|budget|raise|raised|fund|funding|funded|charge|charged|fee|invest|invested|sell|sold"
    r"|earn|earned|bid)\b|\bwhat (?:was |is |will be )?the (?:price|cost|budget|fee)\b"
)
_MONEY_CUE = re.compile(
    r"[£$€¥₽]\s?\d|\d\s*(?:million|billion|bn|thousand)?\s*(?:pounds?|dollars?|euros?|roubles?"
    r"|rubles?|tenge|yen|francs?|pence|cents?|hryvnias?|yuan|rupees?)\b",
    re.IGNORECASE,
)
# Units, by what they measure: any of them makes a number a measure (_UNIT_CUE); a measure
# question wants those of its own dimension (_DIMENSION_UNITS).
_LENGTHS = r"(?:milli|centi|kilo)?met(?:re|er)s?|mm|cm|km|miles?|feet|foot|ft|inch(?:es)?|yards?"
_DURATIONS = r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries"
_MASSES = r"kilo(?:gram)?s?|kg|grams?|tonnes?|tons?"  # not pounds: money too
_TEMPERATURES = r"degrees?|celsius|fahrenheit"
_POWERS = r"(?:kilo|mega|giga)?watts?(?:[ -]hours?)?|[kmg]wh?"
_LIQUIDS = r"(?:milli)?lit(?:re|er)s?|gallons?|barrels?|cubic"
_AREAS = r"hectares?|acres?|square"
_UNIT_CUE = re.compile(
    rf"\b(?:{_LENGTHS}|{_AREAS}|{_MASSES}|{_TEMPERATURES}|knots|mph|{_DURATIONS}"
    rf"|percent|storeys?|floors?|aged?|{_POWERS}|{_LIQUIDS})\b|%|-year-old",
    re.IGNORECASE,
)
# "How cold" is answered by degrees, not by "thirty years"; "how long" by a length or a
# duration; "how old" also by a year ("from the 1840s"). A measure whose dimension is not
# listed ("how big") takes any unit.
_DIMENSION_UNITS = {
    "temperature": _TEMPERATURES,
    "height": rf"{_LENGTHS}|storeys?|floors?",
    "depth": _LENGTHS,
    "width": _LENGTHS,
    "distance": _LENGTHS,
    "length": rf"{_LENGTHS}|{_DURATIONS}",
    "weight": rf"{_MASSES}|pounds?|lbs?|ounces?",
    "speed": r"knots|mph|km/h|kph|(?:met(?:re|er)s?|kilomet(?:re|er)s?|miles?) (?:an|per) hour",
    "age": rf"{_DURATIONS}|aged?|-year-old|{_YEARS}",
    "power": _POWERS,
    "rainfall": _LENGTHS,
    "volume": rf"{_LIQUIDS}|tonnes?|tons?",
    "area": _AREAS,
}
_MEASURE_CUES = {
    word: re.compile(
        rf"\b(?:{_DIMENSION_UNITS[noun]})\b" + (r"|\d\s?°" if noun == "temperature" else ""),
        re.IGNORECASE,
    )
    for word, noun in [*MEASURES.items(), *QUANTITIES.items()]
    if noun in _DIMENSION_UNITS
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
_PLACE_CUE = re.compile(r"\b(?:in|at|from|near|to|of)\s+(?:the\s+)?[A-Z][\w'’-]+")
# Both patterns start with the capital and look behind it (`(?<!\w[A-Z])` is `\b[A-Z]`):
# a pattern that starts with a plain character class lets the regex engine skip ahead to
# the next capital, which halves the time these take over a whole archive.
_CAPITALISED_RUN = re.compile(
    r"[A-Z](?<!\w[A-Z])[\w'’-]*(?:\s+(?:of|for|the|and|on|de|du|des)?\s*[A-Z][\w'’-]*)+"
)
_SMALL_WORDS = frozenset({"of", "for", "the", "and", "on", "de", "du", "des"})


# "What kind of arches", "Which tradition", "In what river": the noun naming the answer's kind.
_FOCUS = re.compile(
    r"^(?:in |on |at |from |to |for |by |with |during )?(?:what|which)"
    r"\s+(?:(?:kind|type|sort|form|part)\s+of\s+)?(?:the\s+)?(?P<focus>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+){0,2})"
)
_NOT_FOCUS = frozenset(
    """
    is are was were be been do does did has have had can could will would should may might
    must shall the a an of it its they this that these those one
    """.split()
)


@dataclass(frozen=True)
class QuestionCues:
    answer_type: str  # NUMBER, DATE, PERSON, PLACE, NAME, MEMBER or ""
    target: str  # "Peskov" for "Who is Peskov?"; "" when not a definition question
    spelled_out: bool = False  # "What does ICC stand for?": "stand" is not a topic word
    renamed: str = ""  # "the war" in "What does Moscow call the war?"
    focus: str = ""  # "arches" in "What kind of arches ...?": the answer stands next to it
    asked: str = ""  # "soldiers" of "How many soldiers ...?", "president" of "the president of"
    holder: str = ""  # "Nigeria" of "Who is the president of Nigeria?"


def cues(question: str) -> QuestionCues:
    text = " ".join(normalize(question).split())
    answer_type = next((kind for kind, pattern in _TYPE_PATTERNS if pattern.search(text)), "")
    match = DEFINITION.match(text)
    target = ""
    if match:
        target = match["target"] or match["acronym"]
        target = target if len(target.split()) <= MAX_TARGET_WORDS else ""
        if target.split()[-1:] and target.split()[-1] in _NAMING:  # "What is the beetle called?"
            target = ""
    renamed = ""
    if answer_type == NAME:
        called = _CALLED.search(text)
        renamed = called.group(1) if called else ""
    focus = _FOCUS.search(text)
    return QuestionCues(
        answer_type,
        target,
        bool(match and match["acronym"]),
        renamed,
        _focus(focus["focus"]) if focus else "",
        _asked(text),
        holder["holder"] if (holder := _HOLDER.search(text)) else "",
    )


# What is counted ("how many soldiers") or whose holder is asked ("the president of Nigeria",
# "the weather in Geneva"): an answer names it, so a passage without it cannot answer.
_ASKED = re.compile(
    r"\bhow (?:many|much) (?P<counted>[a-z][a-z'-]+(?: [a-z][a-z'-]+)?)"
    r"|^(?:who|what)(?:'s| is| was| are| were) the (?P<role>[a-z][a-z'-]+) (?:of|in|at|for)\b"
)


# ... and who holds that role: an answer about another holder's president answers nothing.
_HOLDER = re.compile(
    r"^(?:who|what)(?:'s| is| was| are| were) the [a-z][a-z'-]+ of (?P<holder>[^?.!]+)"
)

_CATEGORY = frozenset("name names kind type sort number amount share percentage part".split())


def _asked(text: str) -> str:
    match = _ASKED.search(text)
    if not match:
        return ""
    kept: list[str] = []
    for word in (match["counted"] or match["role"]).split():
        if word in _NOT_FOCUS or word in STOPWORDS or word in _CATEGORY:
            break
        kept.append(word)
    return " ".join(kept)


def _focus(phrase: str) -> str:
    """The words before the question's verb: "news agencies" of "which news agencies is ..."."""
    kept: list[str] = []
    for word in phrase.split():
        if word in _NOT_FOCUS:
            break
        kept.append(word)
    return " ".join(kept)


@lru_cache(maxsize=1024)
def class_asked(question: str) -> tuple[str, str] | None:
    """For "Which countries ...?": the word naming the class ("countries") and its members."""
    match = _MEMBER_ASKED.search(" ".join(normalize(question).split()))
    if not match:
        return None
    if not match["noun"]:  # "what part of France"
        return match.group().split()[1], DIRECTIONS
    return match["noun"], _CLASSES[match["noun"][:4]]


def member_class(question: str) -> re.Pattern[str] | None:
    """For "Which countries ...?": a pattern finding the members of the class asked for."""
    asked = class_asked(question)
    if asked is None:
        return None
    return _members_pattern(asked[1], asked[1] in (RELIGIONS, DIRECTIONS))


@cache
def _members_pattern(members: str, any_case: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(m) for m in sorted(members.split(), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE if any_case else 0)


@lru_cache(maxsize=1024)
def measured(question: str) -> str:
    """The adjective of a measure question ("cold" of "How cold did it get?"), or the
    substance of an amount ("electricity" of "How much electricity do they produce?")."""
    match = _MEASURE.search(" ".join(normalize(question).split()))
    return (match.group(1) or match.group(2)) if match else ""


def measure_units(question: str) -> re.Pattern[str] | None:
    """The units that answer a measure question whose dimension has its own ("how cold":
    degrees); None for "how big" and for questions that ask for no measure."""
    return _MEASURE_CUES.get(measured(question)) if DIMENSION_UNITS else None


@lru_cache(maxsize=1024)
def asks_money(question: str) -> bool:
    """ "How much did the project cost?", "What is the price of ...?": a sum of money."""
    return bool(_ASKS_MONEY.search(" ".join(normalize(question).split())))


MONEY, UNIT = "money", "unit"


def cues_in(sentence: str) -> frozenset[str]:
    """The question-independent cues a sentence holds (a number, a sum of money, a unit, a
    date, a place, a quoted name): read once per sentence, not once per question."""
    found = [
        (NUMBER, _NUMBER_CUE),
        (MONEY, _MONEY_CUE),
        (UNIT, _UNIT_CUE),
        (DATE, _DATE_CUE),
        (PLACE, _PLACE_CUE),
    ]
    present = {name for name, pattern in found if pattern.search(sentence)}
    return frozenset(present | ({NAME} if quoted(sentence) else set()))


def has_cue(
    sentence: str, answer_type: str, question: str = "", present: frozenset[str] | None = None
) -> bool:
    """Whether `sentence` holds the kind of thing the question asks for; `present` is
    `cues_in(sentence)` when the caller keeps it."""
    if answer_type in (NUMBER, DATE, PLACE, NAME):
        present = cues_in(sentence) if present is None else present
        if answer_type != NUMBER or NUMBER not in present:
            return answer_type in present
        if MONEY_CUES and asks_money(question):  # "how much did it cost": a sum of money
            return MONEY in present
        if MEASURE_UNITS and (pattern := measure_units(question)):  # "how cold": degrees
            return bool(pattern.search(sentence))
        if MEASURE_UNITS and measured(question) in MEASURES:  # "how big": any unit
            return UNIT in present
        return True
    if answer_type == PERSON:
        asked = set(re.findall(r"\w+", normalize(question)))
        for name in _NAME.findall(sentence):
            words = re.findall(r"\w+", normalize(name))
            if words[0] in STOPWORDS:  # "The Kremlin", "After Rollo": a capital opening a sentence
                words = words[1:]
            parts = set(words)
            if len(parts) < 2:
                continue
            if not parts & asked and not parts & _ORGANISATION_WORDS:
                return True
        return False
    if answer_type == MEMBER:
        members = member_class(question)
        return bool(members and members.search(sentence))
    return False


def quoted(sentence: str) -> list[str]:
    """Short phrases in quotes (up to six words): how news reports what someone calls a thing."""
    found = re.findall(r"[“\"‘]([^”\"’]{2,60})[”\"’]", sentence)
    return [phrase for phrase in found if len(phrase.split()) <= 6]


def acronyms(texts: Iterable[str]) -> dict[str, set[str]]:
    """Acronym -> capitalised phrases spelling it: 'icc' -> 'International Criminal Court'."""
    found: dict[str, set[str]] = {}
    runs: set[str] = set()
    for text in texts:
        runs.update(_CAPITALISED_RUN.findall(text))
    for whole in runs:  # news repeats its names: each distinct run is read once
        run = whole.split()
        capital = [word[0].isupper() for word in run]
        initial = ["" if word.lower() in _SMALL_WORDS else word[0].lower() for word in run]
        for start in range(len(run)):  # every sub-run: "European Union" of
            if not capital[start]:  # "European Union on Monday"
                continue
            letters = initial[start]
            for end in range(start + 1, min(len(run), start + 8)):
                letters += initial[end]
                if len(letters) > 6:
                    break
                if capital[end] and len(letters) >= 2:
                    found.setdefault(letters, set()).add(" ".join(run[start : end + 1]))
    return found


def uppercase_words(question: str) -> list[str]:
    """Words the reader wrote in capitals (ICC, EU): candidates for acronym expansion."""
    return [w.lower() for w in re.findall(r"\b[A-Z]{2,6}s?\b", question) if not question.isupper()]


def capitalised(question: str) -> frozenset[str]:
    """Words written with a capital inside the question (not its first word): names.

    A question in capitals only, or with every word capitalised, says nothing about names.
    """
    tokens = re.findall(r"[^\W\d_]+", question)
    inner = tokens[1:]
    if not inner or question.isupper() or all(t[0].isupper() for t in inner):
        return frozenset()
    return frozenset(normalize(t) for t in inner if t[0].isupper())


_INNER_CAPITALISED = re.compile(  # see _CAPITALISED_RUN for why the look-behinds follow [A-Z]
    r"[A-Z](?<!\w[A-Z])(?<![.!?\"“‘(]\s[A-Z])(?<![.!?\"“‘(][A-Z])(?<!^[A-Z])[^\W\d_]+"
)


def inner_capitalised(text: str) -> list[str]:
    """Words written with a capital and not opening a sentence (names), as written:
    the caller normalises them, once per distinct word across many texts."""
    found: list[str] = _INNER_CAPITALISED.findall(text)
    return found


def article_topic(question: str) -> str:
    """The words naming which article a question about an article's details or photo means:
    "Who wrote the story about the tidal turbines?" -> "the tidal turbines"."""
    match = _ABOUT.search(normalize(question).lower())
    return match.group("topic").strip() if match else ""
