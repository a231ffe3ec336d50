"""What a question asks for, read from its text: the answer type, a definition target,
what is counted or asked about, a measure, a closed class (the names and acronyms the reader
wrote are bot/answering/written.py).

Read from the raw question (question words are stopwords for retrieval, so the analysed
terms no longer hold them); bot/answering/analysis.py calls these once per question.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from bot.cues import DATE, MEMBER, NAME, NUMBER, PERSON, PLACE
from bot.lexicon import COUNTRIES, DIRECTIONS, LANGUAGES, RELIGIONS, past_verb
from bot.rules import RuleSettings
from bot.text import (
    AUXILIARIES,
    FINITE_AUXILIARIES,
    STOPWORDS,
    alternatives,
    normalize,
    s_form,
    words,
)

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

# Each type's pattern with the words one of which every match of it holds: a search is
# made only when the question holds one ("in" costs tens of instructions, a search over the
# question a few thousand; cost round C: most questions ask for one type or none).
_TYPE_PATTERNS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    # "What does Moscow call the war?": news gives such names in quotes.
    (
        NAME,
        ("what",),
        re.compile(
            r"^what\b.*\b(?:call|calls|calling|called|name|names|term|terms|dub|dubs|label|labels)\b"
            r"(?! (?:for|on|upon|off|up|back|out)\b)"  # "call for help": ask, not name
        ),
    ),
    (MEMBER, ("what ", "which "), _MEMBER_ASKED),
    (
        NUMBER,
        ("how ", "what "),
        re.compile(
            rf"\bhow (?:many|much|{'|'.join(MEASURES)})\b|\bwhat (?:number|percent|share|amount)"
        ),
    ),
    (
        DATE,
        ("when", "what ", "which "),
        re.compile(
            r"^when\b|\bwhen (?:did|was|were|is|will|do|does|had|has)\b"
            r"|\b(?:what|which|in what) (?:year|date|day|month|century|decade|time|period)\b"
        ),
    ),
    (
        PERSON,
        ("who", "which "),
        re.compile(
            r"^(?:who|whom|whose)\b|\b(?:who|whom|whose) (?!is\b|are\b)\w"
            r"|\bwhich (?:person|man|woman|official|leader)\b"
        ),
    ),
    (
        PLACE,
        ("where", "what ", "which "),
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
_NAMING = frozenset("called named known termed dubbed".split())  # asks a name, not a definition
# "the story about the tidal turbines", "the photo of the rescue": what names the article.
_ABOUT = re.compile(
    r"\b(?:article|story|piece|report|news|photo|photograph|picture|image)s?"
    r"\s+(?:about|on|of|from)\s+(?P<topic>[^?.!,]+)"
)
_ABOUT_WORDS = ("article", "story", "piece", "report", "news", "photo", "picture", "image")
_CALLED = re.compile(r"\b(?:call|name|term|dub|label)(?:s|ed|ing)?\s+(?:it\s+)?([^?]+)")
# "How much did the project cost?", "what is the price of": a sum of money, with its currency.
_ASKS_MONEY = re.compile(
    r"\bhow much\b.*\b(?:cost|costs|costing|pay|paid|pays|spend|spent|spends|worth|price|money"
    r"|budget|raise|raised|fund|funding|funded|charge|charged|fee|invest|invested|sell|sold"
    r"|earn|earned|bid)\b|\bwhat (?:was |is |will be )?the (?:price|cost|budget|fee)\b"
)
# Words one of which each match of _ASKS_MONEY holds: most questions hold none, and are not
# searched (cost round C).
_MONEY_WORDS = ("how much", "the price", "the cost", "the budget", "the fee")
WHO_IS_IN = re.compile(
    r"^\W*who(?:'s| is| are| was| were)\s+(?:in|on|at|shown|pictured|seen|standing)\b",
    re.IGNORECASE,
)
# Not "14-year-old": its number must match as a number.
COMPOUND = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])")

# "What kind of arches", "Which tradition", "In what river", "Which of the club's founders",
# "Which pro-Beijing veteran": the noun naming the answer's kind, after the question's first
# wh-word when that is "what" or "which" (`_focus_of`).
_FOCUS = re.compile(
    r"\b(?P<wh>wh(?:at|ich|o|om|ose|ere|en|y)|how)\b"
    r"(?: (?:(?:kind|type|sort|form|part) of |of (?:the )?(?:[a-z]+'s )?)?"
    r"(?P<focus>[a-z][a-z'-]+(?: [a-z][a-z'-]+){0,2}))?"
)
# Where an asking "what / which" may stand in a question: first, or after a preposition ("In
# what river", "Applicants from which countries"), an opening conjunction ("And which
# veteran") or a leading phrase set off by punctuation ("In the study, which researcher");
# not after a noun ("the law which banned"), nor in a yes/no question ("Is the ship, which
# sank, insured?"): "which" is a relative pronoun there.
_ASKS_HERE = re.compile(
    rf"(?!(?:{alternatives(FINITE_AUXILIARIES)})\b)"
    r"(?:(?:and|but|so|or|then|also|now|plus)\b,?|.*[,:;\u2013\u2014]|"
    r".*\b(?:in|on|at|from|to|for|by|with|during|of|about|into|among|after|before|between"
    r"|against|under|over|within))?\s*"
)
# "Of the three ships, which ...?", "Among these players, which ...?": the Ns are the kind.
_AMONG = re.compile(
    r"(?:of|among) (?:the |these |those |all (?:the )?)?(?:[a-z0-9'-]+ )*?"
    r"(?P<noun>[a-z][a-z'-]+),? $"
)
# After a determiner, what follows a noun: a verb's object ("what MAKES the beetle rare").
_OBJECT_NEXT = frozenset("the a an it him her them us me his their its this these those".split())
_NOT_FOCUS = AUXILIARIES | frozenset("the a an of it its they this that these those one".split())
_NO_NOUN = STOPWORDS | _NOT_FOCUS  # no word of these starts a focus


class QuestionCues(NamedTuple):  # a named tuple: cheaper to make than a frozen dataclass
    answer_type: str  # NUMBER, DATE, PERSON, PLACE, NAME, MEMBER or ""
    target: str  # "Peskov" for "Who is Peskov?"; "" when not a definition question
    spelled_out: bool = False  # "What does ICC stand for?": "stand" is not a topic word
    renamed: str = ""  # "the war" in "What does Moscow call the war?"
    focus: str = ""  # "arches" in "What kind of arches ...?": the answer stands next to it
    head: str = ""  # "museum" of "which Seattle museum in ...": the focus's noun (`focus_head`)
    asked: str = ""  # "soldiers" of "How many soldiers ...?", "president" of "the president of"
    holder: str = ""  # "Nigeria" of "Who is the president of Nigeria?"


class Required(NamedTuple):
    """What a sentence's phrase must hold to be of the type asked, beyond its cue: read once
    with the question's analysis, which holds it, and read by its short answer (`Asking`)."""

    members: re.Pattern[str] | None = None  # "Which countries ...?": the class's members
    units: re.Pattern[str] | None = None  # "how cold": the units a number must carry (degrees)
    any_unit: bool = False  # "how big": a number with any unit


@lru_cache(maxsize=16)
def folded(question: str) -> str:
    """The question normalised, one space between words: what these patterns read. Kept
    for the last few questions: one question's analysis reads it four times or more."""
    return " ".join(normalize(question).split())


def holds_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether `text` holds one of `needles`: the literal words one of which every match of a
    pattern holds, tested before the pattern's search (a substring test costs tens of
    instructions, a search over a question a few thousand: cost round C)."""
    for needle in needles:  # noqa: SIM110 (a loop: any() of a generator costs more)
        if needle in text:
            return True
    return False


def cues(question: str, max_target_words: int = RuleSettings.max_target_words) -> QuestionCues:
    text = folded(question)
    answer_type = ""
    for kind, needles, pattern in _TYPE_PATTERNS:  # a loop, not next() of a generator
        if holds_any(text, needles) and pattern.search(text):
            answer_type = kind
            break
    match = DEFINITION.match(text)
    target = ""
    if match:
        target = match["target"] or match["acronym"]
        target = target if len(target.split()) <= max_target_words else ""
        if target.split()[-1:] and target.split()[-1] in _NAMING:  # "What is the beetle called?"
            target = ""
    renamed = ""
    if answer_type == NAME:
        called = _CALLED.search(text)
        renamed = called.group(1) if called else ""
    focus = _focus_of(text)
    return QuestionCues(
        answer_type,
        target,
        bool(match and match["acronym"]),
        renamed,
        focus,
        focus_head(" ".join(words(focus)), text) if focus else "",
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
        if kept and past_verb(word):  # "how many refugees LEFT": the verb, not the noun's
            break
        kept.append(word)
    return " ".join(kept)


def _focus_of(text: str) -> str:
    """The noun naming the answer's kind, when the question's first wh-word is an asking
    "what / which" used as a determiner: not "what happened", "what the minister said",
    "what is the name", "what makes it rare", nor a relative "which" (`_ASKS_HERE`)."""
    if "what" not in text and "which" not in text:  # most questions: no pattern to run
        return ""
    asking = _FOCUS.search(text)
    if not asking:
        return ""
    wh, phrase = asking.group("wh", "focus")
    start = asking.start()
    if wh not in ("what", "which") or (start and not _ASKS_HERE.fullmatch(text, 0, start)):
        return ""
    focus = _focus(phrase) if phrase else ""
    if not focus and start and (among := _AMONG.match(text, 0, start)):
        return among["noun"]  # "Of the three ships, which sank first?"
    return focus


def _focus(phrase: str) -> str:
    """The words before the question's verb: "news agencies" of "which news agencies is ...",
    "veteran" of "which pro-Beijing veteran lost"; "" when the first is no noun."""
    words = phrase.split()
    while len(words) > 1 and "-" in words[0] and _noun(words[1]):
        del words[0]  # "pro-beijing veteran": the noun, not the hyphened word before it
    head, *rest = words
    if not _noun(head):  # "what happened", "which sank", "what the minister said"
        return ""
    if rest and rest[0] in _OBJECT_NEXT and head.endswith("s"):  # "what makes it"
        return ""
    kept = [head]
    for word in rest:
        if word in _NOT_FOCUS or past_verb(word):  # "which team WON"
            break
        kept.append(word)
    return " ".join(kept)


def focus_head(focus: str, text: str) -> str:
    """The head of the noun phrase naming the answer's kind (the focus's words, as the
    analysis keeps them, read in the question's folded `text`): its last noun, as English
    puts it ("museum" of "which Seattle museum", "agency" of "which news agency"). The
    phrase ends before a preposition or an adverb ("museum in New York", "river
    originally"); at a possessive, whose owner is asked ("city" of "which city's
    administrative building"); after a plural that its verb follows ("neighborhoods get
    stations"); and before a verb's -s form that its object follows ("which bus company
    runs the line"). A word naming a category gives way to the noun before it
    ("architecture" of "architecture type")."""
    focused = focus.split()
    if len(focused) < 2:  # most questions: no focus, or one word (no text to read)
        word = focused[0] if focused else ""
        return word[:-2] if word.endswith("'s") else "" if word in STOPWORDS else word
    found = _written(focused, _WORD.findall(text))
    count = len(focused)
    kept: list[str] = []
    for k, word in enumerate(found[:count]):
        if word.endswith("'s"):
            return word[:-2]  # "which city's building": a city is asked
        if word in STOPWORDS or (kept and word.endswith("ly")):
            break  # "museum in new york", "river originally"
        plural = s_form(word)
        after = found[k + 1] if k + 1 < len(found) else ""
        # "company runs the line", not "agencies are": an auxiliary follows a plural too
        if kept and plural and after in STOPWORDS and after not in AUXILIARIES:
            break  # "river flows through": a verb
        kept.append(word)
        if plural and k + 1 < count:
            break  # "neighborhoods get stations": a plural, then its verb
    while len(kept) > 1 and kept[-1] in _KIND_WORDS:
        kept.pop()  # "architecture type": architecture is asked
    return kept[-1] if kept else ""


_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_KIND_WORDS = frozenset("kind kinds type types sort sorts form forms".split())


def _written(focus: list[str], text: list[str]) -> list[str]:
    """The focus's words as the question writes them, and the word after them: the
    analysis cuts possessives ("culture arrival" of "culture's arrival")."""
    bare = [w[:-2] if w.endswith("'s") else w for w in text]
    count = len(focus)
    for at in range(len(bare) - count + 1):
        if bare[at : at + count] == focus:
            return text[at : at + count + 1]
    return focus


def _noun(word: str) -> bool:
    """Whether `word` may be a noun after "what / which": no stopword, no past verb."""
    return word not in _NO_NOUN and not past_verb(word)


def class_asked(question: str) -> tuple[str, str] | None:
    """For "Which countries ...?": the word naming the class ("countries") and its members."""
    text = folded(question)
    match = _MEMBER_ASKED.search(text) if holds_any(text, ("what ", "which ")) else None
    if not match:
        return None
    if not match["noun"]:  # "what part of France"
        return match.group().split()[1], DIRECTIONS
    return match["noun"], _CLASSES[match["noun"][:4]]


def members_pattern(members: str) -> re.Pattern[str]:
    """A pattern finding the members of a class (bot/lexicon.py) in a sentence."""
    return _members_pattern(members, members in (RELIGIONS, DIRECTIONS))


@cache
def _members_pattern(members: str, any_case: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(m) for m in sorted(members.split(), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE if any_case else 0)


def measured(question: str) -> str:
    """The adjective of a measure question ("cold" of "How cold did it get?"), or the
    substance of an amount ("electricity" of "How much electricity do they produce?")."""
    text = folded(question)
    match = _MEASURE.search(text) if "how " in text else None  # each match holds "how "
    return (match.group(1) or match.group(2)) if match else ""


def asks_money(question: str) -> bool:
    """ "How much did the project cost?", "What is the price of ...?": a sum of money."""
    text = folded(question)
    return holds_any(text, _MONEY_WORDS) and bool(_ASKS_MONEY.search(text))


def article_topic(question: str) -> str:
    """The words naming which article a question about an article's details or photo means:
    "Who wrote the story about the tidal turbines?" -> "the tidal turbines"."""
    text = normalize(question).lower()
    match = _ABOUT.search(text) if holds_any(text, _ABOUT_WORDS) else None
    return match.group("topic").strip() if match else ""
