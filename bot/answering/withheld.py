"""What a passage says is withheld: a name, a reason, a date, a sum or a place not given.

A near miss asks for a thing its article says outright it does not tell: "What are the
names of the two pilots?" of "the two pilots, whose names have not been released";
"Which law firm ...?" of "a law firm, which has not been named"; "Why did X refuse?" of
"X did not say why". The passage holds the question's words and the kind asked (a name
stands in the sentence, a reason word, a date), so the other checks let it answer; the
reader expects "the article does not say" (`rules.withheld`, decline.py).

`asked` reads which kind of thing a question asks (from its wording and its analysis):

- NAME: "What is the name of N", "What is N called" (bot/answering/naming.py), "which N";
  its nouns are N's head;
- REASON: "why", "what caused", "for what reason";
- TIME: "when", "what date", "how long" (the analysis's date and duration types);
- AMOUNT: "how much did it cost" (a sum of money asked);
- PLACE: "where".

`cues` reads a sentence's non-disclosure cues, each with its kind and the words it is said
of: for a name, the noun phrase it withholds ("the two pilots, whose names have not been
released", "did not name the suspect", "an unnamed official"); for the others, the rest
of its clause ("did not say why [he left]"), or, when that says nothing more, its clause
up to it ("[He left on Monday but] did not say why"; "The firm, which paid £3 million in
2019, [sold the yard] for an undisclosed sum": not the sum paid), or, when that is empty
too, the sentence before ("He left. It is not known why.").

`withholds` links them: a cue of the kind asked is said of the asked thing (a name: of N;
the others: of one of the question's other words), and no other sentence of the passage
states an answer of that kind about it (a name standing with N, a reason, a date, a sum, a
place in a sentence holding the question's other words). "The driver, who has not been
named, was taken to St Mary's Hospital" withholds the driver's name, and answers "Which
hospital was the driver taken to?"; "Police did not name the suspect but said he was 34"
answers "How old is the suspect?" (an age is none of the kinds withheld).

General English only; nothing here knows any article or question set.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache
from typing import NamedTuple

from bot.answering import answer_types as kinds
from bot.answering.events import DATES, DURATIONS, stating
from bot.answering.question import holds_any
from bot.cues import DATE, PLACE, asks_why, states_reason
from bot.lexicon import past_verb
from bot.memo import SENTENCE_CACHE, sentence_terms
from bot.text import AUXILIARIES, DETERMINERS, STOPWORDS, analyze, normalize

NAME, REASON, TIME, AMOUNT, WHERE = "name", "reason", "time", "amount", "place"

_NOT = r"(?:not|n[o’']t|never)"
_HAVE = r"(?:has|have|had|is|are|was|were)"
_YET = r"(?:yet |so far |still |publicly |officially )?"
_TOLD = r"(?:released|disclosed|made public|revealed|published|given|announced|confirmed)"
_DECLINE = (  # "did not", "declined to", "has not yet": then the verb
    rf"(?:(?:did|does|would|could|will|can) {_NOT}|(?:didn|doesn|wouldn|couldn|won|can)[’']t"
    rf"|declined to|refused to|{_HAVE} {_NOT}) {_YET}"
)
_UNKNOWN = r"(?:still |as yet |yet )?(?:unclear|unknown|not (?:yet )?(?:known|clear))"
_SAY = r"(?:say|said|disclose|disclosed|reveal|revealed|explain|explained|specify|specified)"

# A name withheld, of the noun phrase before the cue: "the pilots, whose names have not
# been released", "a firm, which has not been named", "a woman who asked not to be named",
# "The victim has not yet been identified", "an official speaking on condition of anonymity".
_NAME_AFTER = re.compile(
    rf"\b(?:(?:whose|their|his|her|its) )?(?:names?|identit(?:y|ies))"
    rf" {_HAVE} {_NOT} {_YET}(?:been |yet been )?{_TOLD}\b"
    rf"|\b{_HAVE} {_NOT} {_YET}(?:been |yet been )(?:named|identified)\b"
    rf"|\b{_HAVE} yet to be (?:named|identified)\b"
    r"|\b(?:asked|wished|wanted|requested|preferred|declined|refused) (?:not )?to be"
    r" (?:named|identified)\b"
    r"|\b(?:spoke|speaking|talked|talking) on (?:the )?condition of anonymity\b"
    r"|\bon condition (?:that (?:he|she|they) (?:was|were) not named|of anonymity)\b",
    re.IGNORECASE,
)
# A name withheld, of the noun phrase after the cue: "did not name the suspect", "an
# unnamed official", "declined to identify the company".
_NAME_BEFORE = re.compile(
    rf"\b{_DECLINE}(?:name|named|identify|identified|give the names? of|release the names? of"
    r"|disclose the (?:names?|identity|identities) of|reveal the (?:names?|identity) of)"
    r"\b|\b(?:unnamed|unidentified|anonymous|an undisclosed)\b",
    re.IGNORECASE,
)
# "... but did not say which (ones)": of the sentence's own noun, any "which" asked.
_WHICH = re.compile(rf"\b{_DECLINE}{_SAY} (?:which|who)\b", re.IGNORECASE)
# The other kinds: the words after the cue in its clause tell of what (or, when none, the
# sentence does).
_OTHERS = (
    (
        REASON,
        re.compile(
            rf"\b{_DECLINE}(?:{_SAY}|give a reason for|comment on) why\b"
            r"|\bno reason (?:was|has been|had been|is) (?:given|offered|provided)\b"
            r"|\b(?:gave|give|gives|giving|offered|offering) no reason\b"
            r"|\bwithout (?:giving|offering) (?:a|any) reason\b"
            rf"|\b(?:it|this) (?:is|was|remains|remained) {_UNKNOWN} why\b"
            r"|\b(?:the )?(?:cause|reason|motive)s? (?:of [^,.;]{1,40} )?"
            r"(?:is|was|are|were|remains?|remained) (?:still |as yet )?(?:unknown|unclear"
            r"|not (?:yet )?known|not clear|under investigation|yet to be (?:established"
            r"|determined))\b"
            r"|\bfor (?:reasons|a reason) (?:that )?(?:(?:he|she|they|it) )?(?:did|would|could)"
            rf" {_NOT} (?:explain|say|give)\b",
            re.IGNORECASE,
        ),
    ),
    (
        TIME,
        re.compile(
            r"\bno (?:date|time|timetable|timescale|timeframe|time frame|deadline)"
            r" (?:has|had|was|is) (?:yet )?(?:been )?(?:set|fixed|given|announced|agreed)\b"
            r"|\b(?:the )?(?:date|timing|timetable|timescale) (?:for [^,.;]{1,40} )?"
            rf"{_HAVE} {_NOT} {_YET}(?:been |yet been )?(?:set|fixed|announced|confirmed"
            r"|decided|given)\b"
            rf"|\b{_DECLINE}(?:give|set|offer|provide|announce) a (?:date|timescale|timetable"
            r"|timeframe|time frame|deadline)\b"
            rf"|\b{_DECLINE}{_SAY} (?:when|how long)\b"
            rf"|\b(?:it|this) (?:is|was|remains|remained) {_UNKNOWN} (?:when|how long)\b",
            re.IGNORECASE,
        ),
    ),
    (
        AMOUNT,
        re.compile(
            r"\b(?:an )?undisclosed (?:sum|fee|amount|price|figure|settlement|payment|cost)\b"
            r"|\b(?:the )?(?:terms|price|amount|sum|cost|value|fee|financial details|figure)"
            rf"(?: of [^,.;]{{1,40}})? {_HAVE} {_NOT} {_YET}(?:been )?{_TOLD}\b"
            rf"|\b{_DECLINE}(?:{_SAY}|give|put a figure on) (?:how much|what (?:it|they|he|she)"
            r" (?:paid|cost|spent)|the (?:price|cost|amount|sum|fee|value|figure))\b",
            re.IGNORECASE,
        ),
    ),
    (
        WHERE,
        re.compile(
            r"\b(?:an )?(?:undisclosed|unnamed|secret) (?:location|place|site|address"
            r"|destination)\b"
            rf"|\b{_DECLINE}{_SAY} where\b"
            rf"|\b(?:it|this) (?:is|was|remains|remained) {_UNKNOWN} where\b"
            r"|\bwhereabouts (?:is|are|was|were|remains?|remained) (?:still )?(?:unknown"
            r"|not known|unclear)\b",
            re.IGNORECASE,
        ),
    ),
)
# A noun phrase ends at a clause break, a relative pronoun or a verb's auxiliary.
_BREAK = re.compile(r"[,;:()\[\]\"“”]|\s[-–—]\s")
_PHRASE_WORDS = 4  # words of the noun phrase read beside a name cue
# The cues' own words, which tell of no event: "It is not yet known why" is all cue.
_CUE_TERMS = frozenset(
    analyze(
        "not never known unknown unclear clear yet still cause causes reason reasons motive"
        " motives remains remained under investigation established determined say said"
        " disclose disclosed reveal revealed explain explained specify specified declined"
        " refused give gave given giving offer offered offering provide provided comment no"
        " date timing time timetable timescale timeframe frame deadline set fixed announced"
        " agreed confirmed decided undisclosed sum fee amount price figure settlement payment"
        " terms value financial details released made public published location place site"
        " address destination secret whereabouts without put"
    )
)
_ASKING = re.compile(
    r"^\W*(?:what|which)(?:'s| is| was| were| are)? (?:the )?(?:cause|reason)s?\b"
    r"|^\W*(?:what|who) (?:caused|prompted|triggered|led to)\b|^\W*for what reason\b"
)
_WHICH_ASKED = re.compile(
    r"^\W*(?:(?:in|at|to|from|for|by|with|of) )?which"
    r" (?P<phrase>[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,5})"
)


class Asked(NamedTuple):
    kind: str  # NAME, REASON, TIME, AMOUNT, WHERE, or "" (none of them)
    nouns: tuple[str, ...] = ()  # a name's: the head noun of what it names ("pilots")
    which: bool = False  # "which N": "did not say which" withholds it too


NOTHING = Asked("")


class Cue(NamedTuple):
    kind: str  # NAME, REASON, TIME, AMOUNT or WHERE
    about: frozenset[str]  # the index terms of what it withholds (a name: its noun phrase)
    which: bool = False  # "did not say which": of the sentence's noun, any "which" asked
    whole: bool = False  # said of the sentence before ("He left. It is not known why.")


def asked(
    folded: str,
    answer_type: str,
    kind: str,
    naming_head: tuple[str, ...],
    kind_of: tuple[str, ...],
    money: bool,
) -> Asked:
    """The kind of thing `folded` (a question, normalised) asks that a passage may say it
    withholds, from its wording and its analysis: the answer type (bot/cues.py), the kind
    (bot/answering/answer_types.py), a naming question's head noun, whether a sum is asked."""
    # A pattern is tried only when its words stand in the question (a pattern's call costs
    # ~2 k instructions, a substring test a tenth of that; most questions hold none).
    which = _WHICH_ASKED.match(folded) if "which" in folded else None
    nouns = naming_head or (kind_of[-1:] if kind == kinds.NAMED else ())
    if which and not nouns:
        nouns = _head(which["phrase"])
    if nouns:
        return Asked(NAME, nouns, which is not None)
    if asks_reason(folded):
        return Asked(REASON)
    if answer_type == DATE or kind in (kinds.DURATION, kinds.FUTURE):
        return Asked(TIME)
    if money or kind == kinds.MONEY:
        return Asked(AMOUNT)
    if answer_type == PLACE:
        return Asked(WHERE)
    return NOTHING


# The words one of which every match holds, of bot/cues.py's `asks_why` and of `_ASKING`
# ("caused" holds "cause"): each pattern is tried only where they stand (`holds_any`).
_WHY_WORDS = ("why", "how come", "what for")
_ASKING_WORDS = ("cause", "reason", "prompted", "triggered", "led to")


def asks_reason(folded: str) -> bool:
    """A why-question (bot/cues.py `asks_why`: "why", "how come", "what for") or one asking
    for a cause or a reason (`_ASKING`: "What caused ...?", "For what reason ...?"), of a
    question `folded` (case folded)."""
    if holds_any(folded, _WHY_WORDS) and asks_why(folded):
        return True
    return holds_any(folded, _ASKING_WORDS) and _ASKING.match(folded) is not None


def _head(phrase: str) -> tuple[str, ...]:
    """The head noun of "which N ...": the last word before the verb ("which retired high
    court JUDGE will lead", "which side EFFECTS made"); () for "which is"."""
    kept: list[str] = []
    for word in phrase.split():
        if word in AUXILIARIES or word in STOPWORDS or (kept and past_verb(word)):
            break
        kept.append(word)
    return tuple(kept[-1:])


@lru_cache(maxsize=SENTENCE_CACHE)
def cues(sentence: str) -> tuple[Cue, ...]:
    """The sentence's non-disclosure cues (module docstring): read once per sentence,
    whichever question asks (bot/memo.py); most sentences hold none."""
    found: list[Cue] = []
    for match in _NAME_AFTER.finditer(sentence):
        found.append(Cue(NAME, sentence_terms(_phrase_before(sentence[: match.start()]))))
    for match in _NAME_BEFORE.finditer(sentence):
        found.append(Cue(NAME, sentence_terms(_phrase_after(sentence[match.end() :]))))
    if _WHICH.search(sentence):
        found.append(Cue(NAME, sentence_terms(sentence), which=True))
    for kind, pattern in _OTHERS:
        for match in pattern.finditer(sentence):
            about = sentence_terms(_clause(sentence[match.end() :])) - _CUE_TERMS  # "why HE LEFT"
            if not about:  # "He left but did not say why": the clause before it in its own
                # (with the cue's own words: "the cause OF THE FIRE is unknown")
                about = sentence_terms(_BREAK.split(sentence[: match.end()])[-1]) - _CUE_TERMS
            found.append(Cue(kind, about, whole=not about))
    return tuple(found)


def _phrase_before(text: str) -> str:
    """The noun phrase ending `text`: its last clause's last few words, back to a relative
    pronoun's antecedent ("the two pilots, whose ..." -> "the two pilots")."""
    text = re.sub(r"[\s,]*\b(?:who|which|whose|that)\s*$", "", text.rstrip(), flags=re.I)
    parts = [p for p in _BREAK.split(text) if p.strip()]
    return " ".join(parts[-1].split()[-_PHRASE_WORDS:]) if parts else ""


def _phrase_after(text: str) -> str:
    """The noun phrase opening `text` ("the suspect but said ..." -> "the suspect")."""
    kept: list[str] = []
    for raw in _BREAK.split(text, maxsplit=1)[0].split()[: _PHRASE_WORDS + 1]:
        word = normalize(raw).strip(".!?'’")
        if kept and word not in DETERMINERS and (word in STOPWORDS or word in AUXILIARIES):
            break
        kept.append(word)
    return " ".join(kept)


def _clause(text: str) -> str:
    """The rest of the cue's clause."""
    return _BREAK.split(text, maxsplit=1)[0]


Held = Callable[[frozenset[str]], bool]


def withholds(
    wanted: Asked,
    sentences: Iterable[tuple[str, frozenset[str], frozenset[str]]],
    nouns: frozenset[str],
    told: Held,
    names: Collection[str] = (),
) -> bool:
    """Whether the passage's `sentences` (text, index terms, cues) say the thing `wanted`
    asks is withheld, and none states it (module docstring). `nouns` are the index terms
    of a name's head noun (in any form the question's word matches); `told` says whether
    index terms hold one of the question's other words (any form); `names` are the
    question's own words, which a name answering it is not (answer_types.states)."""
    if not wanted.kind:
        return False
    withholding, rest = False, []
    before: frozenset[str] = frozenset()
    for text, terms, cued in sentences:
        linked = any(_linked(cue, wanted, nouns, told, before) for cue in cues(text))
        withholding |= linked
        if not linked:
            rest.append((text, terms, cued))
        before = terms
    return withholding and not any(_states(wanted, s, nouns, told, names) for s in rest)


def _linked(
    cue: Cue, wanted: Asked, nouns: frozenset[str], told: Held, before: frozenset[str]
) -> bool:
    """Whether `cue` withholds what `wanted` asks: a name of the asked noun (in its noun
    phrase, or in its sentence for "did not say which", asked by "which N"), another kind
    of the question's other words (in the rest of its clause or its clause up to it, or in
    the sentence `before` when the cue is all its clause: "He left. It is not known why.")."""
    if cue.kind != wanted.kind:
        return False
    if wanted.kind == NAME:
        return (not cue.which or wanted.which) and not nouns.isdisjoint(cue.about)
    return told(before) if cue.whole else told(cue.about)


def _states(
    wanted: Asked,
    sentence: tuple[str, frozenset[str], frozenset[str]],
    nouns: frozenset[str],
    told: Held,
    names: Collection[str],
) -> bool:
    """Whether a sentence without a linked cue states an answer of the kind wanted about
    the thing asked: a name standing with its noun, or a reason, a date or a duration, a
    sum, a place in a clause (a sentence, for a sum or a place) holding the question's
    other words."""
    text, terms, cued = sentence
    kind = wanted.kind
    if kind == NAME:
        return not nouns.isdisjoint(terms) and kinds.states(kinds.NAMED, text, nouns, names)
    if not told(terms):
        return False
    if kind == REASON:
        return states_reason(text)
    if kind == TIME:
        # a clause stating a date or a duration (its terms read once per sentence: events)
        return any(told(clause) for of in (DATES, DURATIONS) for clause in stating(text, of))
    if kind == AMOUNT:
        return kinds.states(kinds.MONEY, text)
    return PLACE in cued
