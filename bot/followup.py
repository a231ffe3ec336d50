"""Follow-up questions: whether a question leans on the conversation, and what it borrows.

People ask the way they talk: "Who is the ICC prosecutor?", then "What did he
say?", "And Amnesty?", "When was that?". A question is a *follow-up* when it
cannot stand alone, by one of these general English signs:

- **ellipsis**: it opens with "and", "but", "what about", "how about" ("And the
  Senate?", "What about last year?");
- **bare**: it holds no content word at all, only question words ("Why?",
  "When was that?", "By how much?", "How many of them?");
- **pronoun**: a personal pronoun or a demonstrative standing alone ("he", "its",
  "them", "that", "there", "then") with nothing in the question to refer to: no
  name written with a capital before it ("Did Putin say he would go?" refers
  inside itself);
- **short**: three words or fewer with no name and no number ("Who won?").

A question with its own subject is not a follow-up, even in a conversation:
it is answered as if alone (one opened by "and" or "but", "And what did the union say?",
on the last answer's story first: `continues`). So is one the reader marks as a new topic
("Different question: ...", "Unrelated: ...", `new_topic`), without the mark. This module only reads
text; bot/conversation.py keeps the turns, and ``Answerer.answer(question,
context=...)`` weighs what a follow-up borrows (bot/answering/borrow.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answering.question import MEASURES
from bot.answering.written import capitalised
from bot.cues import MONTHS
from bot.text import (
    AUXILIARIES,
    BE_ALL_FORMS,
    BE_FORMS,
    FINITE_AUXILIARIES,
    STOPWORDS,
    normalize,
    s_form,
    words,
)

ELLIPSIS, BARE, PRONOUN, SHORT = "ellipsis", "bare", "pronoun", "short"
CONTINUED = "continued"  # a whole question opened by "and": the same story, nothing borrowed

PERSONS = frozenset("he him his she her hers".split())  # a person: maybe one an answer named
PERSONAL = frozenset("he him his she her hers it its they them their theirs".split())
DEMONSTRATIVES = frozenset("this that these those".split())
EVENTS = frozenset("it this that".split())  # may stand for what was just said: "Why did that grow?"
# After a demonstrative, an auxiliary or one of these verbs makes it stand alone ("that was",
# "that must", "that happen"); a noun after it makes it a determiner ("that year"), which is
# left alone: "this year" is no reference back.
_STANDING_AFTER = AUXILIARIES | frozenset(
    """being mean means meant happen happened happens grow grew start started end ended
    take took make made cost costs""".split()
)
# "after that", "because of that", "like this": a preposition before it, a pronoun again.
_PREPOSITIONS = frozenset(
    "after before about of by from for like than since until despite during with to at".split()
)
_POSSESSIVES = frozenset("his its their theirs".split())  # "her" is an object too
_PLACE_PREPOSITIONS = frozenset("in at to from near into inside outside across".split())
# The prepositions that join a noun to its complement ("the rest OF them", "a vote ON it",
# "the case AGAINST him"): the noun right before one heads the phrase that holds the pronoun.
_COMPLEMENT = frozenset("of on about over for against with to into from in at by".split())
# The word after a pronoun subject ("did IT take", "will THEY build") is a verb: nothing a
# later pronoun can refer to ("How long did it take to scan them?").
_SUBJECTS = frozenset("i you he she it we they".split())
_OPENERS = re.compile(r"^\W*(?:and|but|also|plus|so|then|what about|how about)\b", re.IGNORECASE)
# Question words: a question made of these alone borrows everything ("Why?", "By how much?").
QUESTION_WORDS = frozenset("who whom whose what which when where why how".split())
# A question of at most this many words, with no name or number of its own, leans on the
# conversation ("How many died?"). Not a setting: it is part of the rule, like the
# fragment length below; tests/test_followup.py pins both sides of the line.
SHORT_WORDS = 3
_FRAGMENT_WORDS = 4  # "And Amnesty International?": a noun phrase, not a whole question
_NOT_SUBJECT = _PREPOSITIONS | _PLACE_PREPOSITIONS | QUESTION_WORDS
_CALENDAR = frozenset(MONTHS.split())  # "And Monday?": a time, not a name in another's place


# A reader's note that the question starts a new topic: "Different question:", "Unrelated:",
# "Another question -", "Changing the subject,", "On another note,". It names the question's
# kind, not what it asks, and says the earlier turns are not to be used. A mark ends at a
# colon, comma, semicolon, full stop or dash; "Unrelated to the strike, who ..." has none.
_NEW_TOPIC = re.compile(
    r"^\W*(?:"
    r"(?:(?:a|an|one|my)\s+)?(?:different|unrelated|separate|new|another|other|next)\s+"
    r"(?:question|topic|subject|thing)"
    r"|unrelated|separately"
    r"|(?:changing|switching|to change|change of)\s+(?:the\s+)?(?:subject|topics?)"
    r"|on\s+(?:a|an|another)\s+(?:(?:different|unrelated|separate|other)\s+)?(?:note|topic|subject)"
    r")\s*(?:[:;,.]|\s?[-\u2013\u2014])\s*",
    re.IGNORECASE,
)


def new_topic(question: str) -> str:
    """The question after the reader's mark of a new topic ("Different question: who won
    the cup?" -> "who won the cup?"), or "" when it has none (or nothing follows it)."""
    mark = _NEW_TOPIC.match(question)
    if mark is None:
        return ""
    rest = question[mark.end() :].strip()
    return rest if words(rest) else ""


@dataclass(frozen=True)
class Detection:
    kind: str  # ELLIPSIS, BARE, PRONOUN or SHORT
    word: str = ""  # the pronoun or opener that made it one, for the reader and the logs


def detect(question: str) -> Detection | None:
    """Whether `question` is a follow-up, and by which sign; None for a question that stands
    alone."""
    tokens = words(question)
    if not tokens:
        return None
    opener = _OPENERS.match(question)
    if opener:
        return _after_opener(question[opener.end() :], opener.group(0).strip().lower())
    content = [w for w in tokens if w not in STOPWORDS]
    names = capitalised(question)
    if not content:
        return Detection(BARE)
    pronoun = unreferenced_pronoun(question)
    if pronoun:
        return Detection(PRONOUN, pronoun)
    has_number = any(w[0].isdigit() for w in tokens)
    if len(tokens) <= SHORT_WORDS and not names and not has_number:
        return Detection(SHORT)
    return None


def _after_opener(rest: str, opener: str) -> Detection | None:
    """ "And Atlantis?", "What about May?" leave out all but the new words: an ellipsis. "And
    is Russia a member?" is a whole question after its "and": it stands alone unless it leans
    on the conversation by another sign ("And why?", "And his prize?")."""
    inner = detect(rest)
    if inner is not None:
        return Detection(ELLIPSIS if inner.kind == SHORT else inner.kind, opener)
    first = words(rest)[:1]
    whole = bool(first) and (first[0] in QUESTION_WORDS or first[0] in FINITE_AUXILIARIES)
    return None if whole and "about" not in opener else Detection(ELLIPSIS, opener)


def continues(question: str) -> str:
    """The opener of a whole question that goes on with the conversation's story ("And what
    did the union say?", "But how long did the outage last?": "and"), or "". Such a question
    stands alone by `detect` (it has its own subject and words), yet its "and" says it is
    about what was just asked: it is answered as if alone, on the last answer's article
    first. "" for a question `detect` reads as a follow-up, or with no opener ("Andrew
    said what?" has none)."""
    opener = _OPENERS.match(question)
    if opener is None or detect(question) is not None:
        return ""
    return opener.group(0).strip().lower()


def named(question: str) -> frozenset[str]:
    """The names a question writes (capitalised words, an opening one included)."""
    return capitalised(question) | _opening_name(question)


def contrasted(question: str) -> frozenset[str]:
    """The names an ellipsis puts in place of earlier ones: "And Bergen?" after "Who is the
    mayor of Oslo?" asks the same of Bergen ({"bergen"}); none for any other question."""
    opener = _OPENERS.match(question)
    if opener is None:
        return frozenset()
    tokens = re.findall(r"[^\W\d_]+", question[opener.end() :])
    lowered = [t.lower() for t in tokens]
    if not tokens or len(tokens) > _FRAGMENT_WORDS or lowered[0] in _NOT_SUBJECT:
        return frozenset()  # "And in May?": the same question, narrowed; "And why?"
    if any(w in FINITE_AUXILIARIES or w in QUESTION_WORDS for w in lowered):
        return frozenset()  # "And which veteran lost there?": a question of its own
    names = {normalize(t) for t in tokens if t[0].isupper()}
    return frozenset(names - STOPWORDS - _CALENDAR)


def unreferenced_pronoun(question: str) -> str:
    """The first pronoun or lone demonstrative that nothing before it in the question can
    refer to, or ""."""
    tokens = words(question)
    names = capitalised(question) | _opening_name(question)
    candidates: list[str] = []  # words before the pronoun that could be its referent
    verbs: set[str] = set()  # ... but are the verbs of a pronoun subject
    skip, subject_question = _wh_phrase(tokens)
    for k, word in enumerate(tokens):
        preceding = tokens[k - 1] if k > 0 else ""
        named = any(c in names for c in candidates)
        if word in PERSONAL:
            # an object pronoun's verb stands right before it ("critics call it"): no referent;
            # nor is the noun whose preposition it follows ("the rest of them", "a referendum
            # on it", "the report about them"): a pronoun never stands for a phrase that holds it
            after_verb = bool(candidates) and candidates[-1] == preceding
            head = (
                preceding in _COMPLEMENT
                and k >= 2
                and bool(candidates)
                and candidates[-1] == tokens[k - 2]
            )
            before = candidates[:-1] if after_verb or head else candidates
            before = [c for c in before if c not in verbs]
            if after_verb and subject_question:
                before = []  # "Which agency quoted him": its subject cannot be "him" either
            bound = subject_question and word in _POSSESSIVES  # "Who gave their name"
            if (
                not bound
                and not _dummy_it(tokens, k)
                and not any(_agrees(word, c, names) for c in before)
            ):
                return word
        elif _points_back(tokens, k, names, named=named):
            return word
        elif word in names or (
            k >= skip
            and word not in STOPWORDS
            and preceding != "to"
            and preceding not in BE_ALL_FORMS
        ):
            # not the wh-phrase, not a verb after "to", nor what a form of "be" says of the
            # subject ("Who was unhappy with it?", "Who is responsible for them?": an adjective
            # or a bare noun, no referent; a noun phrase there opens with its determiner)
            candidates.append(word)
            if preceding in _SUBJECTS:
                verbs.add(word)  # "did it TAKE": a verb, kept only to spot an object's verb
    return ""


def _points_back(tokens: Sequence[str], k: int, names: frozenset[str], *, named: bool) -> bool:
    """A demonstrative, 'there' or 'then' standing for something said before (a name before
    a demonstrative or 'then' may be what it stands for)."""
    word = tokens[k]
    if word == "there":
        return _locative_there(tokens, k, names)
    if named:
        return False
    following = tokens[k + 1] if k + 1 < len(tokens) else ""
    preceding = tokens[k - 1] if k > 0 else ""
    if word in DEMONSTRATIVES:
        return _standing_demonstrative(preceding, following)
    return word == "then" and not following


def _opening_name(question: str) -> frozenset[str]:
    """A capitalised first word that is no function word: a name ("Russia's label: who used
    it?"), which `capitalised` leaves out as any sentence's first word is capitalised."""
    first = re.match(r"\W*([A-Z][^\W\d_]+)", question)
    if first is None:
        return frozenset()
    word = first.group(1).lower()
    return frozenset() if word in STOPWORDS else frozenset({word})


def _wh_phrase(tokens: Sequence[str]) -> tuple[int, bool]:
    """Where the words after the question's wh-phrase start, and whether the wh-word is the
    subject: "How many missions | had it flown", "Who played | in it" (its verb is no
    referent either)."""
    if not tokens or tokens[0] not in QUESTION_WORDS:
        return 0, False
    for k, word in enumerate(tokens[1:5], start=1):
        if word in FINITE_AUXILIARIES:
            # "Who was famed for ...", "Which firm is responsible for ...": a bare word
            # after the wh-phrase's "be" is said of it, its subject ("Who was she", "Who is
            # the mayor": a subject follows "be", and the wh-phrase is none)
            after = tokens[k + 1] if k + 1 < len(tokens) else ""
            return k + 1, word in BE_FORMS and bool(after) and after not in STOPWORDS
    return 2, True  # "Who treated her": the word after "who" is its verb


def _agrees(pronoun: str, word: str, names: frozenset[str]) -> bool:
    """Whether `word` can be what `pronoun` refers to: "it" and "he" need one thing or a name
    ("critics call it": not the critics), "they" takes any ("one poster said they"). A word
    in -as may be a name typed in lower case ("what did thomas say when his ...")."""
    if pronoun in ("they", "them", "their", "theirs") or word in names:
        return True
    return not s_form(word) or word.endswith("as")


_WEATHER = frozenset("cold hot warm wet windy sunny dry humid dark light late early".split())


def _dummy_it(tokens: Sequence[str], k: int) -> bool:
    """'it' that refers to nothing: "Is it true that", "How much will it cost to move",
    "How cold was it" (the weather, the time)."""
    if tokens[k] != "it":
        return False
    rest = tokens[k + 1 :]
    if any(w in ("to", "that") for w in rest[:4]) and len(rest) > 2:
        return True  # the subject comes later: "it costs X to do Y", "is it true that Y"
    return k >= 2 and tokens[k - 2] in _WEATHER and tokens[k - 3 : k - 2] == ["how"]


def _standing_demonstrative(preceding: str, following: str) -> bool:
    """'that' standing for something said before ("When was that?", "after that", "Why did
    that grow?"), not a determiner ("that year"), a relative ("the law that bans") or a
    conjunction ("said that")."""
    if not following:
        return True
    if preceding in _PREPOSITIONS:
        return following in STOPWORDS  # "after that, who won?", but not "after that vote"
    opens = not preceding or preceding in FINITE_AUXILIARIES or preceding in QUESTION_WORDS
    return opens and following in _STANDING_AFTER


def _locative_there(tokens: Sequence[str], k: int, names: frozenset[str]) -> bool:
    """'there' ending the question and pointing at a place said before ("Who did she meet
    there?"): not "there is/are", not "was there to see" (at the event the question names),
    not a place the question names itself ("Who lives in Oslo and works there?")."""
    if k + 1 < len(tokens):
        return False
    return not any(tokens[j] in names and tokens[j - 1] in _PLACE_PREPOSITIONS for j in range(1, k))


def content_words(question: str) -> list[str]:
    """The question's own words that a search weighs (no stopwords), in order, once each."""
    return list(dict.fromkeys(w for w in words(question) if w not in STOPWORDS))


_WHEN = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(?:(?:by|since|until|till|from|in|on|at)\s+)?"
    r"(?:when|(?:what|which) (?:time|date|day|year|month)|how long ago)\b",
    re.IGNORECASE,
)


# The words of a question that name the type asked: the adjective of a measure ("how LONG",
# "how OLD": a duration, an age) and the noun of a time ("what YEAR", "which DAY").
_TYPE_WORDS = re.compile(
    rf"\bhow ({'|'.join(MEASURES)})\b|\b(?:what|which) (years?|dates?|days?|months?|time)\b",
    re.IGNORECASE,
)


def type_words(question: str) -> tuple[str, ...]:
    """The words of `question` that name the type of the answer, not what it is about: "For
    how long?" -> ("long",), "In what year was that?" -> ("year",), "How much rain fell?" ->
    () (an amount of rain: "rain" is what the passage must tell of)."""
    found = (m.group(1) or m.group(2) for m in _TYPE_WORDS.finditer(question))
    return tuple(dict.fromkeys(normalize(w) for w in found))


def asks_when(question: str) -> bool:
    """A when-question ("When?", "And when was that?", "By when?", "What year was it?")."""
    return _WHEN.match(question) is not None


# A text opening with one of these gives the reason for what was said right before it
# ("After all, we're not members", "This is because the dam leaked"); "after all" anywhere
# else is no reason ("The match went ahead after all"), nor is it a reason for anything but
# the sentence before it (so bot/cues.py's REASON leaves it out).
_JUSTIFYING = re.compile(
    r"^\W*(?:after all\b|that's because\b"
    r"|(?:this|that|it) (?:is|was) (?:partly |mainly |largely |simply )?(?:because|due to)\b)",
    re.IGNORECASE,
)


def justifies(text: str) -> bool:
    """Whether `text` opens by giving the reason for what was said just before it."""
    return _JUSTIFYING.match(text.replace("\u2019", "'")) is not None
