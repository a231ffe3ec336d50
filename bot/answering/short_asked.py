"""What a question asks for, for its short answer (bot/answering/short.py): its kind (a number,
a date, a name, a place, a quote, a reason, a description, or any phrase) and the words
and cues that score candidates: read once per question, with its analysis, into an
`Asking`, which each short answer read holds in an `Asked` beside the reader's words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from bot.answering.answer_types import named_kinds
from bot.answering.question import QuestionCues, Required, asks_money, holds_any
from bot.answering.written import LETTERS
from bot.cues import DATE as ASKS_DATE
from bot.cues import MEMBER, NAME, PERSON, PLACE
from bot.cues import NUMBER as ASKS_NUMBER
from bot.lexicon import past_verb
from bot.postings import inner_capitalised
from bot.text import (
    AUXILIARIES,
    BE_FORMS,
    DETERMINERS,
    DO_FORMS,
    FINITE_AUXILIARIES,
    HAVE_FORMS,
    MODALS,
    PREPOSITIONS,
    STOPWORDS,
    alternatives,
    normalize,
    term,
)

# What a question asks for, as far as a short answer is concerned.
WHO, WHERE, HOW_MANY, WHEN, SAID, WHY, MEMBER_OF, CALLED, DESCRIBE, ACRONYM, PURPOSE, ANY = (
    "who where how_many when said why member called describe acronym purpose any".split()
)
SHOWN = "shown"  # "What does the photo show?": the caption's opening clause
YES_NO = "yes_no"  # "Is Russia a member of the ICC?": the words that settle it
TYPED = frozenset({WHO, WHERE, HOW_MANY, WHEN})  # types whose absence is decline evidence
_SAID = re.compile(
    r"^\W*what (?:did|does|do|has|have|had|is|was|were) .*\b(?:say|said|says|saying|tell|told"
    r"|write|wrote|claim|claimed|add|added|announce|announced|warn|warned)\b"
)
# After "say"/"claim": a clause with its own subject and verb ("it is targeting").
_REPORTED_VERB = re.compile(r"\s+(?:that\s+)?(?:it|he|she|they|we|you|i)\s+[a-z]")
# "What does the photo (of the ward) show?", "What is shown in the picture?": what a picture
# shows, as its caption says (not "Who is in the photo?": a name is asked, and declined on).
_SHOWN = re.compile(
    r"^\W*what (?:does|did|do) (?:the|this|that) (?:photo|photograph|picture|image)\b[^?]*"
    r"\bshow\W*$|^\W*what (?:is|was|are|were) (?:shown|seen|pictured) in (?:the|this|that)"
    r" (?:photo|photograph|picture|image)\b"
)
# A yes/no question opens with an auxiliary verb ("Is Russia a member ...?", "Does it ...?").
_POLAR = re.compile(rf"^\W*(?:{alternatives(FINITE_AUXILIARIES)})(?:n't)?\s")
_WH = re.compile(r"\b(?:who|whom|whose|what|which|when|where|why|how)\b")
# "What are the maps used for?", "What did the board vote for?": a purpose, "to ...".
_PURPOSE = re.compile(r"^\W*what\b.* for\W*$")
_WHY = re.compile(r"^\W*(?:why\b|for what reason|what (?:was|is|were) the reason)")
_YEAR_ASKED = re.compile(r"\b(?:what|which) year\b")
# "Who won", "Who commissioned": who and a verb, no auxiliary ("Who did they elect?").
_SUBJECT_ASKED = re.compile(
    rf"^\W*(?:who|what|which \w+) (?!(?:{alternatives(FINITE_AUXILIARIES)}|the|a|an|of|in|on)\b)"
    r"[a-z]+\b"
)
# "What did the students find?", "Which piece did he sacrifice?": an object is asked (not
# after "be": "What is the name", "Which river was dammed": a copula or a passive).
_OBJECT_ASKED = re.compile(
    rf"^\W*(?:what|which)(?: [a-z'-]+){{0,3}}? (?:{alternatives(FINITE_AUXILIARIES - BE_FORMS)})"
    r" (?!it\b)[a-z]"
)
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_LOWER_WORD = re.compile(r"[a-z]+")
# "What share / percentage / proportion of ...": a share, as answer_types reads it for declines.
_SHARE = re.compile(r"\bwhat (?:percentage|percent|proportion|share|fraction)\b")
_COSTS = re.compile(r"\b(?:cost|costs|price|prices|fee|fees|fare|fares)\b")
_COST_WORDS = ("cost", "price", "fee", "fare")  # one of them is in each match of _COSTS


def _kind(question: str, text: str, cues: QuestionCues) -> str:
    """What kind of phrase answers the question (ANY when no particular kind), read in its
    normalised `text` (words joined by one space)."""
    if _WHY.search(text):
        return WHY
    said = _SAID.search(text)
    if said and not _REPORTED_VERB.match(text, said.end()):
        return SAID  # not "What does Russia say it is targeting?": what it targets is asked
    kind = cues.answer_type
    if not kind and _SHOWN.search(text):
        return SHOWN
    written = _as_written(question, cues.target)  # the definition's target, as written
    if written and _ACRONYM.fullmatch(written[0]):
        return ACRONYM  # "What is the ICC?", "What does ICC stand for?"
    if not cues.focus and _PURPOSE.search(text):
        return PURPOSE  # not "What tradition were they known for?": a tradition is asked
    if any(w[0].isupper() for w in written) and not question.isupper():  # shouting: no name
        return DESCRIBE  # "Who is Peskov?": a description; "Who is the new coach?": a name
    polar = _POLAR.match(text) and not _WH.search(text)  # not "Can you tell me when ...?"
    return _KINDS.get(kind, YES_NO if polar else ANY)  # a typed question stays typed


# The question's answer type (bot/answering/question.py) -> what kind of phrase answers it.
_KINDS = {
    ASKS_NUMBER: HOW_MANY,
    ASKS_DATE: WHEN,
    PERSON: WHO,
    PLACE: WHERE,
    MEMBER: MEMBER_OF,
    NAME: CALLED,
}


class Asking(NamedTuple):  # a named tuple: made once per question, with its analysis
    """What a short answer needs of the question, read once (`asking`) when the question is
    analysed (bot/answering/analysis.py), not again for each answer read."""

    kind: str
    worded: str  # the kind its wording asks (`_kind`): ANY of a sum asked by "cost" alone
    focus: frozenset[str]  # the term naming the answer's kind ("river" of "What river is ...")
    year: bool  # "what year": of a date, the year alone
    acronym: str  # "icc" of "What is the ICC?"
    subject: bool  # "Who won ...?": the answer is the subject of the question's verb
    counts: bool  # "How many ...?": a count, not a measure
    money: bool  # "What does it cost?": a sum of money
    verb: str  # "sacrific" of "Which piece did he sacrifice?": the answer is its object
    share: bool  # "What share of ...?": a percentage, a fraction or a ratio
    roles: frozenset[str]  # a person is asked: the nouns naming one (`_roles`)
    required: Required  # the class's members, a measure's units: the analysis's record
    party: str = ""  # "Who VERB ...?": DOER or DONE_TO, the party a description answers as


class Asked(NamedTuple):  # a named tuple: made once per short answer read, with five fields
    """What candidate scoring needs: the question's `Asking` (read once, with its analysis)
    and what a short answer reads beside it, the reader's words and the passage's sentences
    (short.py's `read` makes one for each passage it reads)."""

    asking: Asking  # the question's: its kind, focus, verb, ...
    asked: frozenset[str]  # index terms of the reader's own words
    near: frozenset[str]  # ... and their synonyms: what an answer stands next to
    named: frozenset[str]  # terms that make a name the thing asked about (not "which COURT")
    sentences: tuple[str, ...]  # the passage's, for `written_as_name`


def written_as_name(word: str, sentences: Sequence[str]) -> bool:
    """Whether `word` is written with a capital inside a sentence (not opening it)."""
    return any(word in _inner_names(sentence) for sentence in sentences)


@lru_cache(maxsize=8192)
def _inner_names(sentence: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in inner_capitalised(sentence))


def asking(
    question: str,
    text: str,
    cues: QuestionCues,
    required: Required,
    descriptions: bool = True,
) -> Asking:
    """What a short answer needs of `question`'s text, read once, with the question's
    analysis, from what the analysis has read: `text`, the question normalised with one
    space between words (bot/answering/question.py's `folded`); its `cues`; and `required`,
    the analysis's record of the class's members and the units a number must carry; with
    `descriptions`, the party of its verb a plain "who" question asks for (`_party`)."""
    head = cues.head  # the focus's noun, read once with the question's cues
    focus = frozenset([term(head)]) if head else frozenset()
    worded = kind = _kind(question, text, cues)
    if kind == WHO and not focus:
        focus = _role(text)
    money = asks_money(question) or bool(holds_any(text, _COST_WORDS) and _COSTS.search(text))
    if money and kind == ANY:
        kind = HOW_MANY  # "What does a ride cost?": a sum, as for "how much"
    return Asking(
        kind,
        worded,
        focus,
        " year" in text and bool(_YEAR_ASKED.search(text)),  # each search where its match may be
        cues.target.split()[-1] if kind == ACRONYM else "",
        bool(_SUBJECT_ASKED.match(text)),
        "how many" in text,
        money,
        _verb_of(text),
        "what " in text and bool(_SHARE.search(text)),
        _roles(kind, focus) if kind == WHO or (kind == ANY and focus) else frozenset(),
        required,
        _party(text) if descriptions and kind == WHO and worded == WHO else "",
    )


# The party of its verb a plain "who" question asks for (`_party`): the doer ("Who arrested
# them?") or the one it is done to ("Who was arrested?", "Whom did the police detain?").
DOER, DONE_TO = "doer", "done_to"
_DO_SUPPORT = DO_FORMS | MODALS  # "did / will" before a subject: its verb's object is asked


def _party(text: str) -> str:
    """The party a plain "who VERB ..." question asks for, which a description of people
    may answer where no name is given ("two protesters", "a nurse"): DOER for "Who VERB
    ...?", DONE_TO for a passive ("Who was arrested?") or an object asked ("Who did the
    police detain?", "Whom ...?"); "" for a question of "be" and a noun ("Who is the
    mayor?", "Who was she?"), which asks who the person is, and any other."""
    words = _QUESTION_WORD.findall(text)
    if len(words) < 2 or words[0] not in ("who", "whom"):
        return ""
    if words[0] == "whom":
        return DONE_TO
    first, rest = words[1], words[2:]
    if first in _DO_SUPPORT and len(rest) > 1 and rest[0] in _SUBJECTS:
        return DONE_TO  # "Who did the police detain?", "Who will they elect?"
    if first in HAVE_FORMS and rest[:1] == ["been"]:
        first, rest = "was", rest[1:]  # "Who has been charged?": a passive
    if first in BE_FORMS or first == "'s":
        rest = rest[1:] if rest[:1] == ["being"] else rest
        verb = rest[0] if rest and rest[0] not in STOPWORDS else ""
        if verb and past_verb(verb):
            return DONE_TO  # "Who was arrested?", "Who were injured?"
        return DOER if verb.endswith("ing") and len(verb) > 5 else ""  # not "Who was king?"
    return DOER if first not in STOPWORDS or first in _DO_SUPPORT | HAVE_FORMS else ""


_QUESTION_WORD = re.compile(r"[a-z]+|'s\b")
# After "who did / will": a subject ("did the police", "will they"), the verb's doer.
_SUBJECTS = DETERMINERS | frozenset("he she they we you i it".split())


def _roles(kind: str, focus: frozenset[str]) -> frozenset[str]:
    """The nouns naming a person, when a person is asked: "Who ...?", or "Which N ...?" of a
    person's N ("Which researcher ...?"); a candidate made of them only names the kind
    asked ("Director", "the politician"), not who (WordNet's person nouns, named_kinds)."""
    persons = named_kinds("person")  # read once (named_kinds is cached per kind)
    if focus <= persons:
        return persons
    return _persons_and(focus) if kind == WHO else frozenset()  # "Who was the Norse leader?"


@lru_cache(maxsize=256)
def _persons_and(focus: frozenset[str]) -> frozenset[str]:  # no copy of a thousand nouns
    return named_kinds("person") | focus


def _role(text: str) -> frozenset[str]:
    """The noun that names who is asked for: "leader" of "Who was the Norse leader?",
    "brother" of "Who was Emma's brother?"; not of "Who is in the photo?"."""
    match = _ROLE_ASKED.match(text)
    if not match or any(w in PREPOSITIONS for w in match.group(1).split()):
        return frozenset()
    return frozenset({term(match.group(2))})


_ROLE_ASKED = re.compile(r"^\W*who (?:is|was|are|were) ((?:[a-z'-]+ ){0,3}?)([a-z]+)\W*$")


def _as_written(question: str, target: str) -> list[str]:
    """The definition's target's last word as the reader wrote it, each time the question
    holds it (none without a target): "ICC" of "What is the ICC?", an acronym; "Peskov" of
    "Who is Peskov?", a name; "coach" of "Who was the team's coach?", neither."""
    if not target:
        return []
    head = target.split()[-1]
    return [w for w in LETTERS.findall(question) if w.lower() == head]


def _verb_of(text: str) -> str:
    """The verb of "What/Which N did S VERB?" (its last word), whose object answers, in the
    question's normalised `text` (words joined by one space)."""
    if not _OBJECT_ASKED.match(text):
        return ""
    words = _LOWER_WORD.findall(text)
    if len(words) > 3 and words[-1] in PREPOSITIONS:
        words.pop()  # "What did she die from?": a preposition left at the end
    while len(words) > 1 and words[-1] in _PARTICLES:
        words.pop()  # "hand back": the verb is "hand"
    at = _closing_phrase(words)
    while at:
        del words[at:]  # "give the boy", "sacrifice in the final round": a noun phrase
        if len(words) > 1 and words[-1] in PREPOSITIONS:
            words.pop()
        at = _closing_phrase(words)
    last = words[-1:]
    return term(last[0]) if last and last[0] not in STOPWORDS else ""  # its stem: sacrific


def _closing_phrase(words: list[str]) -> int:
    """Where a closing noun phrase starts: a determiner before at most two more words ("the
    boy", "the final round"), not the subject after the auxiliary ("did the boy"); 0 if
    none."""
    for at in range(len(words) - 2, max(len(words) - 4, 2), -1):
        if words[at] in DETERMINERS:
            return 0 if words[at - 1] in AUXILIARIES else at
    return 0


# Adverb particles of phrasal verbs ("hand back", "set up", "give away"), after the verb.
_PARTICLES = frozenset("back up out off down away over apart aside around forward".split())
