"""Which one: a noun the question qualifies by a name, against the passage's qualifiers.

A proper word before a noun says which one is meant: "a Norman general" is not "a Byzantine
general", "the English words" not "the French words". SQuAD 2.0's crowd workers wrote many
near misses by moving such a word from one noun of a sentence to another ("One of the
first Norman mercenaries to serve as a Byzantine general was Hervé" asked as "When did
Herve serve as a Norman general?"), and the passage then holds every word of the question.
Word overlap cannot see it; which word stands before the noun can.

The question's qualified nouns (`asked`) are read without a tagger:

- a run of capitalised words, not the question's first word, right before a lower-case
  content word that is not a verb: not a past form ("What Frank LED ...?") and not the verb
  after a do-form or a modal ("When did Ukraine FILE ...?", but "When did the Dutch
  CAPTAIN sail?", a noun before the verb); the run's last word qualifies ("saxon" of
  "Anglo-Saxon architecture", "norse" of "Old Norse traditions");
- a lower-case content word, then "of", perhaps a determiner, and capitalised words ("the
  coast of Asia"), the last of which qualifies ("court" of "the prosecutor of the
  International Criminal Court").

In a passage (`swapped`), an occurrence of the noun (by its index term, written in lower
case: "Shuttle" in "Space Shuttle Enterprise" is part of a name) is qualified by the
capitalised words right before it (through a possessive: "Ukraine's capital"), by a
capitalised word right before "as" and the noun ("Ralph as earl": Ralph is the earl), and
by those after "of" and a determiner ("the coasts of north Africa"). The passage tells of
another one when some occurrence is qualified by other proper words in a clause where the
question's word stands, qualifying something else ("Some Normans joined Turkish forces" of
"Who joined Norman forces ...?"), and none by the question's word in any form it matches
(its close spellings and WordNet relations: "Norway's" of "Norwegian"), nor by a word
related to it ("Moscow officials" of "Russian officials"). A word written in capitals
qualifies nothing: readers name a body by its adjective ("the British government" of "the
UK government"), which WordNet does not relate. The question's word nowhere in the passage
says nothing: readers name one thing in other words; nor does it in another clause, where
it may be told of the noun ("the captain of the Swedish ship, a Norwegian sailor"). An
occurrence with no proper qualifier says nothing either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from bot.answering.phrasal import PARTICLES
from bot.answering.short_tokens import Token, tokenize
from bot.frequency import zipf_values
from bot.lexicon import LEMMAS
from bot.places import within
from bot.relations import related
from bot.text import DETERMINERS, DO_FORMS, MODALS


class Qualified(NamedTuple):
    """A noun of the question and the proper word saying which one."""

    word: str  # the qualifier, normalised as a query unit's word: "norman"
    noun: str  # the noun's index term: "general"


_BEFORE_VERB = DO_FORMS | MODALS


def asked(question: str) -> tuple[Qualified, ...]:
    """The nouns the question qualifies by a proper word: ("norman", "general") of "When did
    Herve serve as a Norman general?", ("asia", "coast") of "What islands are off the coast
    of Asia?"."""
    tokens = tokenize(question)
    if not any(t.capital for t in tokens[1:]):  # most questions name nothing inside
        return ()
    verbs = _verbs_after_auxiliary(tokens)
    found: list[Qualified] = []
    for k in range(1, len(tokens) - 1):
        first, second = tokens[k], tokens[k + 1]
        if (
            first.capital
            and first.term
            and _noun(second)
            and k + 1 not in verbs
            and not second.hyphen
        ):
            found.append(Qualified(first.word, second.term))
        elif _noun(first) and second.word == "of":
            at = k + 2
            if at < len(tokens) and tokens[at].word in DETERMINERS:
                at += 1
            last = at
            while last + 1 < len(tokens) and tokens[last + 1].capital and tokens[last + 1].term:
                last += 1  # the run's last word: "court" of "of the International Criminal Court"
            if at < len(tokens) and tokens[at].capital and tokens[at].term:
                found.append(Qualified(tokens[last].word, first.term))
    return tuple(dict.fromkeys(found))


def _noun(token: Token) -> bool:
    """A lower-case content word that is not a past form ("led", "replaced")."""
    if token.capital or not token.term:
        return False
    word = token.word
    return not word.endswith("ed") and LEMMAS.get(word, word) == word


def _verbs_after_auxiliary(tokens: Sequence[Token]) -> set[int]:
    """The positions of the verb after a do-form or a modal: the first lower-case content
    word after it ("When did Ukraine FILE its case?", "What did the Harwick Museum HAND
    back?"), unless another follows it, not a particle, which is then the verb and the first
    the subject's noun ("When did the Dutch captain sail?")."""
    found = set()
    for k, token in enumerate(tokens):
        if token.word in _BEFORE_VERB:
            after = next((j for j in range(k + 1, len(tokens)) if _lower(tokens[j])), None)
            if after is not None and not (
                after + 1 < len(tokens) and _noun_after(tokens[after + 1])
            ):
                found.add(after)
    return found


def _lower(token: Token) -> bool:
    return bool(token.term) and not token.capital


# Verbs the index leaves out as stopwords ("What did the Dutch captain SAY?")
_STOP_VERBS = frozenset("say tell know want like get happen".split())


def _noun_after(token: Token) -> bool:
    """A lower-case content word that is no particle ("did the museum hand BACK"), or a verb
    the index leaves out ("say"): after the first one, it is the verb and the first the
    subject's noun."""
    if token.capital or token.word in PARTICLES:
        return False
    return bool(token.term) or token.word in _STOP_VERBS


def swapped(qualified: Qualified, forms: frozenset[str], sentences: Iterable[str]) -> bool:
    """Whether the passage's `sentences` tell of another one of the question's noun: some
    occurrence of it qualified by other proper words, in a clause where the question's word
    (`forms`: its index terms in every form it matches) qualifies something else, and no
    occurrence qualified by the question's word."""
    moved = False
    for sentence in sentences:
        tokens = tokenize(sentence)
        held = {t.clause for t in tokens if t.term in forms}
        for k, token in enumerate(tokens):
            if token.term != qualified.noun or token.capital:
                continue
            names = qualifiers(tokens, k)
            if not names:
                continue
            if not names.isdisjoint(forms) or any(names_word(n, forms) for n in names):
                return False  # the question's own one is told of here ("Moscow" of "Russian")
            moved = moved or token.clause in held
    return moved


def names_word(qualifier: str, forms: frozenset[str]) -> bool:
    """Whether a passage's qualifier names the question's word (`forms`): a WordNet relation
    of it ("Moscow" -> Russia), or a country or place it stands in ("the Kremlin" is in
    Moscow, Russia: "Russian"; "Downing Street": "British"; bot/places.py)."""
    return not forms.isdisjoint(related(qualifier)) or not forms.isdisjoint(within(qualifier))


def qualifiers(tokens: Sequence[Token], at: int) -> frozenset[str]:
    """The index terms of the proper words qualifying the noun at `at`: the capitalised run
    right before it ("Byzantine general", "Ukraine's capital") or right before "as" and an
    article before it ("Ralph as earl"), and the one after "of" and a determiner ("the
    coasts of north Africa"); a run of several words also as one name, its terms joined by
    "_" ("white_hous" of "White House officials"), as bot/places.py names a place."""
    found = set(_run_before(tokens, at))
    before = at - 1
    if before >= 0 and tokens[before].word in DETERMINERS:
        before -= 1
    if not found and before >= 1 and tokens[before].word == "as":
        found.update(_run_before(tokens, before))
    after = at + 1
    if after < len(tokens) and tokens[after].word == "of":
        after += 1
        if after < len(tokens) and tokens[after].word in DETERMINERS:
            after += 1
        if after + 1 < len(tokens) and not tokens[after].capital and tokens[after + 1].capital:
            after += 1  # "of north Africa"
        run = []
        while after < len(tokens) and tokens[after].capital and tokens[after].term:
            if not acronym(tokens[after]):
                run.append(tokens[after].term)
            after += 1
        found.update(_with_joined(run))
    return frozenset(found)


def _run_before(tokens: Sequence[Token], at: int) -> list[str]:
    """The index terms of the capitalised words right before `at` (and them joined:
    `_with_joined`); a sentence's first word counts only when it is no English word of the
    frequency list ("Several families")."""
    found = []
    k = at - 1
    while k >= 0 and tokens[k].capital and tokens[k].term:
        if k == 0 and tokens[k].word in zipf_values():
            break
        if not acronym(tokens[k]):
            found.append(tokens[k].term)
        k -= 1
    return _with_joined(found[::-1])


def _with_joined(run: list[str]) -> list[str]:
    """A run's terms, and when it has several, them joined as one name ("white_hous")."""
    return [*run, "_".join(run)] if len(run) > 1 else run


def acronym(token: Token) -> bool:
    """A word written in capitals ("UK", "EU"): a body readers name by its adjective too
    ("the British government" of "the UK government"), which no relation joins."""
    return len(token.text) > 1 and token.text.isupper()
