"""Who did what to whom: the role a question asks about, against the sentences holding its
verb.

"Who replaced the Normans as the ruling class?" asks who did the replacing. A passage
saying "The invading Normans replaced the Anglo-Saxons as the ruling class" holds every
word of it, but there the Normans do the replacing: the one who replaced them is not
named, and the question is a near miss (SQuAD 2.0's crowd workers wrote many this way, by
swapping a sentence's parties). Word overlap cannot see it; the order of the parties
around the verb can.

Two shapes of question are read, where the verb is known without a tagger:

- the subject asked, "Who VERBED X ...?" ("Who replaced the Normans ...?", a verb's past
  or -s form right after "who"): X, the words up to a preposition or an adverb, is the
  verb's object, and must not be its doer in the sentence; nor must the object's owner
  after "of", when X is a common noun's phrase ("Who adopted the doctrines of the
  Normans?" of "The Normans adopted the doctrines of France");
- the object (or a time or place) asked of a named doer, "Who / What / When / Where did
  NAME VERB ...?", also after "what / which N" or "how many N" ("Who did Edgar hire?",
  "When did King Harold II conquer England?", "What title did Henry II take?"): NAME,
  words the reader capitalised (with their noun: "did the Kremlin spokesman say"), is the
  doer, and must not be the verb's object.

In a sentence, a party stands as the doer when it is within `window` words before an
active verb or after a passive one ("was replaced by the Normans"), and as the object the
other way round; a word standing on both sides says nothing. A reciprocal verb ("marry",
"meet", "fight") is read in neither shape: "Ann married Tom" also says Tom married Ann. An
occurrence of the verb's index term after a determiner ("a third attack") or in a noun's
form ("domination" of "dominated") is no verb. The check (`swapped`) says a passage
answers another question when every sentence holding the verb gives the party the other
role. A second check (`another_doer`) reads the second shape's doer: "When did Richard II
flee to Normandy?" of "Ethelred fled to Normandy in 1013" tells of another doer, a name
not of the question's right before the verb, the question's party not in the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from bot.answering.answer_types import named_kinds
from bot.answering.phrasal import PARTICLES
from bot.answering.short_tokens import Token, tokenize
from bot.cues import MONTHS
from bot.frequency import zipf_values
from bot.lexicon import LEMMAS
from bot.text import (
    ARTICLES,
    AUXILIARIES,
    BE_ALL_FORMS,
    DETERMINERS,
    DO_FORMS,
    FINITE_AUXILIARIES,
    MODALS,
    PREPOSITIONS,
    STOPWORDS,
    alternatives,
    s_form,
    term,
    words,
)


class Roles(NamedTuple):
    """The verb of a question and the party whose role it states."""

    verb: str  # the verb's index term: "replac"
    written: str  # ... as the reader wrote it: "replaced"
    party: frozenset[str]  # the other party's index terms: "norman"
    subject_asked: bool  # True: the party is the verb's object; False: its doer
    owner: frozenset[str] = frozenset()  # "norman" of "Who adopted the doctrines of the
    # Normans?": whose the object is, after "of" (the subject shape only)


_ASKING = frozenset("who whom what when where which how".split())
_OBJECT_AUXILIARIES = DO_FORMS | MODALS
# "Who did Edgar hire", "When will King Charles III visit", "What title did Henry take",
# "How many ships did Roger build": a do-form or a modal, then a name (capitalised words,
# "of" inside: "King David I of Scotland") and a lower-case verb, or the name's noun and
# then the verb ("did the Kremlin spokesman say"): the word after.
_NAME = r"(?:[A-Z][\w'-]*)(?: (?:of |de |the )?[A-Z][\w'-]*)*"
_OBJECT = re.compile(
    r"^\W*(?:[Ww]ho|[Ww]hom|[Ww]hen|[Ww]here|[Ww]hat|(?:[Ww]hat|[Ww]hich|[Hh]ow many|[Hh]ow much)"
    rf"(?: [a-z]+){{1,3}}) (?:{alternatives(_OBJECT_AUXILIARIES)}) (?:the )?({_NAME}) ([a-z]+)\b"
    r"(?: ([a-z]+)\b)?"
)
# Verbs' base forms that are stopwords: the irregular ones' ("say", "tell", "have").
_BASE_STOPWORDS = STOPWORDS & frozenset(LEMMAS.values())
_WHOSE = re.compile(r"^\W*who['’]s\b", re.IGNORECASE)  # "Who's ships ...": whose, or who is
# An object ends at a preposition, an adverb or a conjunction: "the Normans | as ...".
_ENDS = PREPOSITIONS | frozenset(
    "as against under over and or but than while when where since until soon".split()
)
_ORDINALS = frozenset("first second third fourth fifth last next final".split())
# Between "was" and a passive participle: an adverb ("were first encouraged").
_ADVERBS = frozenset("first then also later thereafter soon not never still once".split())
# Between a doer and its verb: "Ethelred HAD ALSO fled".
_BETWEEN = AUXILIARIES | _ADVERBS
_DATE_WORDS = frozenset(MONTHS.split())  # capitalised, and no doer: "On Monday fled"
# Verbs of saying (Levin's class 37.7 "say", and those news attributes the same way; "say"
# and "tell" are stopwords, never read as the verb): a spokesman speaks for the body
# ("Peskov announced" answers "What did the Kremlin announce?"), so another name before
# one says nothing of the doer.
_SAYING = frozenset(
    term(w) for w in "call state declare announce claim deny confirm report add warn write".split()
)
# Reciprocal verbs (Levin's English Verb Classes, 1993: 36.2 "marry", 36.3 "meet"): "A
# married B" says B married A too, so the order of the parties answers nothing.
_RECIPROCAL = frozenset(
    term(w)
    for w in "marry wed divorce date court meet fight battle duel wrestle box face play"
    " debate kiss hug embrace".split()
)
# A noun made from a verb ("domination", "conqueror", "settlement") shares its stem.
_NOUN_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "er", "ers", "or", "ors", "ist", "ship")


def asked(question: str, said: Sequence[str]) -> Roles | None:
    """The question's verb and the party whose role it states, when it has one of the two
    shapes (module docstring) and its verb is not reciprocal; None otherwise (most
    questions). `said`: its words (bot/text.py `words`), read once with its analysis."""
    roles = _shaped(question, said)
    return None if roles is None or roles.verb in _RECIPROCAL else roles


def holder_verb(said: Sequence[str]) -> str:
    """The verb of a question asking who holds a role, now or next: "Who COACHES the
    team?", "Who will COMMAND the flight?" (an -s form right after "who", or a modal and a
    content word's base); "" otherwise, and for a past verb ("Who ruled ...?" asks the doer
    of an event, which stories tell in many verbs). `said`: its words (bot/text.py `words`)."""
    if len(said) < 3 or said[0] != "who":
        return ""
    if said[1] in MODALS:  # "who will command", not "who will be"
        verb = said[2]
        return "" if verb in STOPWORDS or verb in AUXILIARIES else verb
    verb = said[1]
    if verb in FINITE_AUXILIARIES or verb in STOPWORDS or not s_form(verb):
        return ""
    return verb


def _shaped(question: str, said: Sequence[str]) -> Roles | None:
    """The verb and the party of either shape, whatever the verb."""
    if len(said) < 3 or said[0] not in _ASKING:
        return None
    if said[1] in _OBJECT_AUXILIARIES or (
        said[0] != "who" and not _OBJECT_AUXILIARIES.isdisjoint(said[2:6])  # "which N did"
    ):
        found = _OBJECT.match(question)
        if not found:
            return None
        name, verb, after = found.groups()
        if _verb_follows(words(question[found.end(2) :])):
            return None  # "did the Kremlin spokeswoman SAY": the verb is one no role reads
        if after and _names_noun(name, verb, after):
            name, verb = f"{name} {verb}", after  # "the Kremlin spokesman | say"
        party = frozenset(term(w) for w in words(name) if w not in STOPWORDS)
        if _is_verb(verb) and party:
            return Roles(term(verb), verb, party, subject_asked=False)
        return None
    verb = said[1]
    if said[0] != "who" or not _past_or_s(verb) or _WHOSE.match(question):
        return None
    if said[2] in STOPWORDS and said[2] not in ARTICLES:
        return None  # "Who treated her ...", "... his men": a pronoun names no party
    end = _phrase_end(said, 2)
    obj = frozenset(term(w) for w in said[2:end] if w not in STOPWORDS)
    if not obj:
        return None
    owner: frozenset[str] = frozenset()
    # "the doctrines OF the Normans": whose the object is ("Robert of Jumieges" is a name)
    if said[2] in ARTICLES and end < len(said) and said[end] == "of":
        owned = said[end + 1 : _phrase_end(said, end + 1)]
        owner = frozenset(term(w) for w in owned if w not in STOPWORDS)
    return Roles(term(verb), verb, obj, True, owner)


def _phrase_end(said: Sequence[str], start: int) -> int:
    """Where the phrase from `start` ends: at a preposition, an adverb or a conjunction
    (`_ENDS`: "the Normans | as ...")."""
    end = start
    while end < len(said) and not (said[end] in _ENDS or said[end].endswith("ly")):
        end += 1
    return end


def swapped(roles: Roles, sentences: Sequence[str], window: int) -> bool:
    """Whether every occurrence of the verb in `sentences` gives the party the role the
    question does not: the doer for an object ("The Normans replaced ..." of "Who replaced
    the Normans?") or for the object's owner ("The Normans adopted ..." of "Who adopted the
    doctrines of the Normans?"), the object for a doer ("... hired Edgar's brother" of "Who
    did Edgar hire?"). False when no sentence holds the verb as a verb."""
    verdicts = []
    for sentence in sentences:
        said, terms = _words_and_terms(sentence)
        for at, found in enumerate(terms):
            if found != roles.verb or not _verbal(said, at, roles.written):
                continue
            doer, done_to = _stands(said, terms, at, roles.party, window)
            if roles.subject_asked:
                # the object's owner doing it: "The Normans adopted the doctrines of France"
                # of "Who adopted the doctrines of the Normans?"
                owns, owned = _stands(said, terms, at, roles.owner, window)
                verdicts.append((doer and not done_to) or (owns and not owned))
            else:
                verdicts.append(done_to and not doer)
    return bool(verdicts) and all(verdicts)


def another_doer(
    roles: Roles,
    sentences: Sequence[tuple[str, frozenset[str]]],
    forms: Sequence[frozenset[str]],
) -> bool:
    """Whether every occurrence of the verb in `sentences` (each with its terms, the name
    parts its article implies among them: bot/name_parts.py) tells of another named doer
    than the one the question names: the party's words (`forms`: each word's terms, its
    close spellings too: "Zelenskiy" of "Zelenski") are not all in the sentence, and a name
    not of the party stands right before the active verb ("Ethelred fled to Normandy" of
    "When did Richard II flee to Normandy?"). False when no sentence holds the verb as a
    verb, for a question asking the doer, and for a verb of saying (`_SAYING`)."""
    if roles.subject_asked or roles.verb in _SAYING:
        return False
    party = frozenset().union(*forms)
    verdicts = []
    for sentence, held in sentences:
        tokens = tokenize(sentence)
        said = tuple(t.word for t in tokens)
        for at, token in enumerate(tokens):
            if token.term != roles.verb or not _verbal(said, at, roles.written):
                continue
            named = not all(held & f for f in forms) and not _passive(said, at)
            verdicts.append(named and _named_before(tokens, at, party))
    return bool(verdicts) and all(verdicts)


def _named_before(tokens: Sequence[Token], at: int, party: frozenset[str]) -> bool:
    """Whether the word before the verb at `at`, past auxiliaries and adverbs ("had also
    fled"), is a name not of the party: a capitalised word, not a date's ("On Monday
    fled"), and, opening the sentence, not an English word ("Troops fled")."""
    k = at - 1
    while k >= 0 and (tokens[k].word in _BETWEEN or tokens[k].word.endswith("ly")):
        k -= 1
    if k < 0 or not tokens[k].capital or not tokens[k].term or tokens[k].term in party:
        return False
    word = tokens[k].word
    return word not in _DATE_WORDS and (k > 0 or word not in zipf_values())


@lru_cache(maxsize=4096)
def _words_and_terms(sentence: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A sentence's words and their index terms ("" for a stopword), as the short answer
    reads them (bot/answering/short_tokens.py, kept per sentence)."""
    tokens = tokenize(sentence)
    return tuple(t.word for t in tokens), tuple(t.term for t in tokens)


def _stands(
    said: Sequence[str], terms: Sequence[str], at: int, party: frozenset[str], window: int
) -> tuple[bool, bool]:
    """Whether the party stands as the doer, and as the object, of the verb at `at`."""
    before = set(terms[max(0, at - window) : at])
    after = set(terms[at + 1 : at + 1 + window])
    # "sign a treaty with the Byzantines": a party after "with" does it too
    along = {
        terms[k]
        for k in range(at + 1, min(len(terms), at + 1 + window))
        if "with" in said[max(0, k - 2) : k]
    }
    ahead = any(t in before and t not in after for t in party)
    behind = any(t in after and t not in before and t not in along for t in party)
    passive = _passive(said, at)
    doer = (ahead and not passive) or (behind and passive)  # "X replaced", "replaced by X"
    done_to = (behind and not passive) or (ahead and passive)  # "replaced X", "X was replaced"
    return doer, done_to


def _passive(said: Sequence[str], at: int) -> bool:
    """Whether the verb at `at` is a passive participle: "was (first) replaced", or
    "photographed by" (a participle without "was": "The beetle, photographed by ...")."""
    if said[at].endswith("ing"):  # "was launching": progressive
        return False
    if at + 1 < len(said) and said[at + 1] == "by":
        return True
    for k in range(at - 1, max(-1, at - 4), -1):
        if said[k] in BE_ALL_FORMS:
            return True
        if not (said[k] in _ADVERBS or said[k].endswith("ly")):
            return False
    return False


def _verbal(said: Sequence[str], at: int, written: str) -> bool:
    """Whether the word at `at` stands as a verb: not after a determiner ("the attack", "a
    third attack") and not a noun made from the verb ("domination" of "dominated")."""
    word = said[at]
    if any(word.endswith(e) and e not in written for e in _NOUN_ENDINGS):
        return False
    if at and said[at - 1] in DETERMINERS:
        return False
    return not (at > 1 and said[at - 1] in _ORDINALS and said[at - 2] in DETERMINERS)


def _names_noun(name: str, word: str, after: str) -> bool:
    """Whether `word`, after the name, is the name's noun, not its verb: a noun of a kind of
    thing news names (WordNet's person, group, place and facility nouns: "the Kremlin
    spokesman", "the Red Cross team") or a possessive's ("Ukraine's president"), with a
    verb after it (a content word or an irregular verb's base, "say"; not a particle, "the
    Normans team up", a function word, "did Queen Mara guard the gate", nor an adverb or an
    ordinal, "did the Normans host last year")."""
    if after in PARTICLES or after in _ADVERBS or after in _ORDINALS:
        return False
    if after in STOPWORDS and after not in _BASE_STOPWORDS:
        return False
    return name.endswith("'s") or term(word) in named_kinds("person", "group", "place", "facility")


def _verb_follows(rest: Sequence[str]) -> bool:
    """Whether the words after the one read as the verb go on, through at most two more
    content words, to a verb's base that the index leaves out ("say", "tell", "do"): that
    one is the verb, and the words before it the name's noun, whatever kind WordNet gives
    it ("did the Kremlin spokeswoman SAY", "did the Chinese foreign ministry SAY"). A
    function word or a particle first ends the reading ("did Ann guard THE gate", "did
    the museum hand BACK")."""
    for word in rest[:3]:
        if word in _BASE_STOPWORDS:
            return True
        if word in STOPWORDS or word in PARTICLES:
            return False
    return False


def _is_verb(word: str) -> bool:
    """A verb's base form after "did NAME": a content word, no auxiliary, no -s form ("the
    Varnish guilds sign": "guilds" is the name's noun, not its verb)."""
    return word not in STOPWORDS and word not in AUXILIARIES and not s_form(word)


def _past_or_s(word: str) -> bool:
    """A verb's past ("replaced", "made") or -s form ("leads") right after "who"."""
    if word in FINITE_AUXILIARIES or word in STOPWORDS:
        return False
    return word.endswith("ed") or word in LEMMAS or s_form(word)
