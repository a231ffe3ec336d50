"""Whose is the thing asked: an age, a sum or a role the passage binds to another named party.

A question asking a value of a named party ("How old is Valeria Sokolova?", "How much did
Sokolova get?", "Who is Norway's fisheries minister?") is often answered by a passage that
states the same kind of value, but of someone else: "Nineteen-year-old qualifier Lena
Hartmann won, beating Valeria Sokolova" (the age is Hartmann's), "Hartmann's win earned her
EUR 142,000" (the sum is Hartmann's), "Ireland's Minister for the Marine, Colm Rafferty"
(Ireland's minister). English binds such a value to its holder by a few fixed
constructions, read here without a tagger (`asked` for the question, `bound_elsewhere` for
the passage):

- an age: "N-year-old" and, within five words of its clause, a run of two or more
  capitalised words (a full name: "Lena Hartmann"); a number between commas right after a
  capitalised word ("Jane Roe, 24,"); "aged N" after one ("Jane Roe, aged 24");
- a sum: the capitalised word opening the clause that states it ("Hartmann's win earned
  her ...", "Acme paid ...") or a possessive before it in that clause;
- a role: a possessive right before the role's noun, or with one or two lower-case words
  between ("Ireland's Minister", "Norway's fisheries minister"), and for a noun in lower
  case the proper words qualifying it (bot/answering/qualifiers.py: "the Irish minister",
  "the minister of Ireland").

The passage tells of another party when every such value it states is bound, and none to
the question's party in any form its words match (close spellings, WordNet relations, the
places a name stands in: a check that declines reads the party widely). A value bound to
nothing read ("She is 19 years old", "The teenager, 19,", "the minister said", a sum whose
clause opens with a pronoun or a common noun) may be the party's, told by a pronoun or a
description, and the check says nothing: so does a sum in a sentence naming the party, or
opening with a pronoun after one that does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from bot.answering.answer_types import MONEY_SUM, person_nouns
from bot.answering.facts import Sentence
from bot.answering.qualifiers import acronym, names_word, qualifiers
from bot.answering.short_tokens import Token, tokenize
from bot.cues import MONEY, NUMBER, NUMBER_WORDS
from bot.frequency import zipf_values
from bot.text import DETERMINERS

AGE, SUM, ROLE = "age", "sum", "role"


class Party(NamedTuple):
    """What a question asks of whom: the kind of value, the words naming the party (as a
    query unit's word: "sokolova") and, for a role, its noun's index term ("minist")."""

    kind: str
    names: tuple[str, ...]
    noun: str = ""


_AGE_ASKED = re.compile(r"\s*(?:how old|(?:at )?what age)\b", re.IGNORECASE)
_ROLE_ASKED = re.compile(r"\s*who (?:is|was|are|were)\b", re.IGNORECASE)
# A sentence opening with one of these goes on from the one before ("She earned ...").
_GOING_ON = frozenset("it he she they this that these those its his her their".split())
_AGE_WINDOW = 5  # words after "N-year-old" where its holder's name stands
_OLDEST = 120  # a number between commas after a name is an age only up to this
_AGE_WORDS = frozenset(("aged", "age"))
_PRONOUNS = frozenset("i he she we they".split())
_BE = frozenset("is was are were turned turns".split())
_NUMBER_WORDS = frozenset(NUMBER_WORDS.split())


def asked(question: str, money: bool) -> Party | None:
    """The party and the kind asked of it, for a question naming a party by capitalised
    words: an age ("How old is Valeria Sokolova?"), a sum (`money`: the question asks one,
    bot/answering/question.py) or the holder of a role owned by a name ("Who is Norway's
    fisheries minister?"); None for any other question, and for an age or a sum asked of a
    party named by a noun the name qualifies ("the Porto Open winner", "the director of
    Acme": the passage may call it by its own name)."""
    age = bool(_AGE_ASKED.match(question))
    role = not age and not money and bool(_ROLE_ASKED.match(question))
    if not (age or money or role):  # most questions ask none of these
        return None
    tokens = tokenize(question)
    names = tuple(t.word for t in tokens[1:] if t.capital and t.term and not acronym(t))
    if not names:
        return None
    if role:
        return _role(tokens)
    if _described(tokens):  # "the Porto Open winner", "the director of Acme": a noun names
        return None  # the party, which the passage may call by its own name
    return Party(AGE if age else SUM, names)


def _described(tokens: Sequence[Token]) -> bool:
    """Whether a person's noun (bot/data/person_nouns.txt) ends the lower-case content words
    right after a capitalised word ("the Porto Open WINNER", "the Leeds club CAPTAIN") or
    stands before "of" and one ("the DIRECTOR of Acme")."""
    people = person_nouns()
    for k in range(1, len(tokens) - 1):
        token, after = tokens[k], tokens[k + 1]
        if token.capital:
            nouns = []
            for t in tokens[k + 1 :]:
                if t.capital or not t.term:
                    break
                nouns.append(t.word)
            if any(n in people for n in nouns):
                return True
            continue
        if token.word in people and after.word == "of":
            rest = [t for t in tokens[k + 2 : k + 4] if t.word not in DETERMINERS]
            if rest and rest[0].capital:
                return True
    return False


def _role(tokens: Sequence[Token]) -> Party | None:
    """ "Who is OWNER's [one or two words] NOUN?": the owner's run and the noun's term."""
    for k in range(2, len(tokens) - 1):
        token = tokens[k]
        if not (token.capital and _possessive(token)):
            continue
        if any(not (t.capital or t.word in DETERMINERS) for t in tokens[2:k]):
            return None  # "Who is prosecuting Gloria's parents?": no role of the owner
        rest = tokens[k + 1 :]
        if not 1 <= len(rest) <= 3 or any(t.capital or not t.term for t in rest):
            return None
        run = [token.word]
        j = k - 1
        while j >= 2 and tokens[j].capital and tokens[j].term:
            run.insert(0, tokens[j].word)
            j -= 1
        return Party(ROLE, tuple(run), rest[-1].term)
    return None


def bound_elsewhere(party: Party, forms: frozenset[str], sentences: Sequence[Sentence]) -> bool:
    """Whether the passage's `sentences` bind every value of the kind asked that they state
    to another party than the question's (`forms`: the index terms of its words in every
    form they match), at least one. Only the sentences that may state one are read (an age
    needs a number, a role its noun): most are never tokenised for it."""
    if party.kind == SUM:
        return _sum_elsewhere(forms, sentences)
    if party.kind == AGE:
        texts = [s.text for s in sentences if NUMBER in s.cues]
        holders = [h for text in texts for h in _age_holders(tokenize(text))]
    else:
        texts = [s.text for s in sentences if party.noun in s.terms]
        holders = [h for text in texts for h in _owners(tokenize(text), party.noun)]
    if not holders or not all(holders):
        return False  # nothing stated, or a value of no holder read: maybe the party's
    return not any(_names(holder, forms) for holder in holders)


def _names(holder: frozenset[str], forms: frozenset[str]) -> bool:
    """Whether a holder's terms name the question's party: one of its forms, or a word
    related to one (a WordNet relation, a place it stands in: bot/answering/qualifiers.py)."""
    return not holder.isdisjoint(forms) or any(names_word(h, forms) for h in holder)


def _age_holders(tokens: Sequence[Token]) -> list[frozenset[str]]:
    """The holders of the ages a sentence states ("Nineteen-year-old qualifier Lena
    Hartmann", "Jane Roe, 24,", "Jane Roe, aged 24"); empty for an age bound to nothing read
    ("She is 19 years old", "the 19-year-old beat ...", "The teenager, 19,", "She joined
    aged 14", "at age seventeen", "when she was six")."""
    found: list[frozenset[str]] = []
    for k, token in enumerate(tokens):
        word = token.word
        if word == "old" and token.hyphen and k >= 2 and tokens[k - 1].hyphen:
            found.append(_name_after(tokens, k))  # "N-year-old" (and "-month-old")
        elif word in _AGE_WORDS and k + 1 < len(tokens) and _number(tokens[k + 1]):
            # "Jane Roe, aged 24": the name before the comma; "joined aged 14": nobody read
            comma = k >= 1 and tokens[k - 1].clause < token.clause
            found.append(_name_before(tokens, k) if comma else frozenset())
        elif _between_commas(tokens, k):
            found.append(_name_before(tokens, k))
        elif _unbound(tokens, k):
            found.append(frozenset())  # "19 years old", "when she was six": of someone before
    return found


def _unbound(tokens: Sequence[Token], k: int) -> bool:
    """An age told of someone named before: "19 years old" (not "19-year-old"), or a
    pronoun, a form of "be" and a number ("when she was six")."""
    word, after = tokens[k].word, tokens[k + 1 : k + 3]
    if word in ("years", "year") and after:
        return after[0].word == "old" and not after[0].hyphen
    return word in _PRONOUNS and len(after) == 2 and after[0].word in _BE and _number(after[1])


def _number(token: Token) -> bool:
    """A number a person's age may be: digits up to `_OLDEST`, or a number word."""
    word = token.word
    return (word.isdigit() and int(word) <= _OLDEST) or word in _NUMBER_WORDS


def _name_after(tokens: Sequence[Token], at: int) -> frozenset[str]:
    """The first run of two or more capitalised words within `_AGE_WINDOW` words after `at`
    in its clause ("Nineteen-year-old Austrian qualifier LENA HARTMANN"); a capitalised word
    there naming the party counts too, so the caller reads every one (all its terms)."""
    clause = tokens[at].clause
    window = [t for t in tokens[at + 1 : at + 1 + _AGE_WINDOW] if t.clause == clause]
    capitals = [t.term for t in window if t.capital and t.term and not acronym(t)]
    run: list[str] = []
    for token in window:
        if token.capital and token.term and not acronym(token):
            run.append(token.term)
        elif len(run) >= 2:
            break
        else:
            run = []
    return frozenset(capitals) if len(run) >= 2 else frozenset()


def _name_before(tokens: Sequence[Token], at: int) -> frozenset[str]:
    """The capitalised run ending right before `at`, past one comma ("Jane Roe, aged 24");
    a sentence's first word counts only when it is no English word or a possessive
    ("Ireland's Minister")."""
    k = at - 1
    run: list[str] = []
    clause = tokens[k].clause if k >= 0 else 0  # one clause: "Bohemond, Robert's son"
    while k >= 0 and tokens[k].capital and tokens[k].term and tokens[k].clause == clause:
        if k == 0 and tokens[k].word in zipf_values() and not _possessive(tokens[k]):
            break  # a sentence's first word: a name only when it is no English word
        run.append(tokens[k].term)
        k -= 1
    return frozenset(run)


def _between_commas(tokens: Sequence[Token], k: int) -> bool:
    """A number of at most `_OLDEST` standing alone between commas right after a word
    ("Jane Roe, 24, said", "The runner-up, 31, said"): a person's age, its holder the
    capitalised run before (none read for a description)."""
    token = tokens[k]
    if not token.word.isdigit() or int(token.word) > _OLDEST or k == 0:
        return False
    before = tokens[k - 1]
    after_breaks = k + 1 == len(tokens) or tokens[k + 1].clause > token.clause
    return before.word.isalpha() and before.clause < token.clause and after_breaks


def _owners(tokens: Sequence[Token], noun: str) -> list[frozenset[str]]:
    """The owners of each occurrence of the role's noun in a sentence: a possessive right
    before it or one or two lower-case words before it ("Ireland's Minister", "Norway's
    fisheries minister"), and for the noun in lower case the proper words qualifying it
    (bot/answering/qualifiers.py); empty for an occurrence owned by nothing read."""
    found: list[frozenset[str]] = []
    for k, token in enumerate(tokens):
        if token.term != noun:
            continue
        owner = _possessive_before(tokens, k)
        if not owner and not token.capital:  # "Prime Minister": a title's word, no owner
            owner = qualifiers(tokens, k)
        found.append(owner)
    return found


def _possessive_before(tokens: Sequence[Token], at: int) -> frozenset[str]:
    for k in range(at - 1, max(at - 4, -1), -1):
        token = tokens[k]
        if token.capital and _possessive(token):
            return _name_before(tokens, k + 1)
        if token.capital or not token.term:
            return frozenset()
    return frozenset()


def _sum_elsewhere(forms: frozenset[str], sentences: Sequence[Sentence]) -> bool:
    """Whether every sentence stating a sum is bound to another party: it holds none of the
    party's forms, does not go on from a sentence that does, and the clause stating the sum
    opens with a capitalised name or holds a possessive name before it. Only a sentence
    stating a sum without the party is tokenised."""
    stated = False
    party_before = False
    for sentence in sentences:
        party = not forms.isdisjoint(sentence.terms)
        money = MONEY in sentence.cues
        if money and party:
            return False  # the party's sum is told here
        if money:
            text = sentence.text
            tokens = tokenize(text)
            going_on = bool(tokens) and tokens[0].word in _GOING_ON
            if (going_on and party_before) or not _sum_holder(tokens, text):
                return False  # told on of the party, or bound to nothing read: maybe hers
            stated = True
        party_before = party
    return stated


def _sum_holder(tokens: Sequence[Token], text: str) -> bool:
    """Whether the clause stating the (first) sum opens with a capitalised name (past
    determiners) or holds a possessive name before the sum."""
    match = MONEY_SUM.search(text)
    if match is None:
        return False
    at = next((k for k, t in enumerate(tokens) if t.end > match.start()), len(tokens))
    if at == len(tokens):
        return False
    clause = tokens[at].clause
    opening = [t for t in tokens[:at] if t.clause == clause and t.word not in DETERMINERS]
    if not opening:
        return False
    first = opening[0]
    named = first is not tokens[0] or first.word not in zipf_values() or _possessive(first)
    if first.capital and first.term and not acronym(first) and named:
        return True
    return any(t.capital and _possessive(t) and not acronym(t) for t in opening)


def _possessive(token: Token) -> bool:
    return token.text.endswith(("'s", "’s"))
