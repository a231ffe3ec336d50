"""The claim of a yes/no question: the verb whose event it asks about.

"Has anyone been ARRESTED over the attack?", "Is the mayor SUING the council?" ask
whether an event happened; an article that never tells of it in any form of the verb (or a
related word) does not answer, however many of the question's other words (the attack, the
council) it holds. Only questions opening with a form of "be" or "have" whose predicate is
a participle are read: there the verb is known without a tagger ("arrested", "suing",
"taken"). "Is X a member of Y?" (no verb), "Will X be back?" and "Does the Kremlin accept
the claims?" (answered "no" in other words: "categorically denies") are left alone, and
so are verbs of change, movement or state ("Are the numbers growing?" is answered by
"increasing"): their list, bot/data/change_verbs.txt, is made from WordNet by
docs/word_relations.py.
"""

from __future__ import annotations

import re
from functools import cache

from bot.lexicon import LEMMAS
from bot.lines import data_lines
from bot.text import BE_FORMS, HAVE_FORMS, STOPWORDS, alternatives, normalize, term

# A participle follows a form of "be" (passive) or "have" (perfect): "Was he arrested?",
# "Has anyone been charged?"; not "do" or a modal ("Did police arrest ...?").
_POLAR = re.compile(rf"^(?:{alternatives(BE_FORMS | HAVE_FORMS)})(?:n't| not)?\s")
# Participles that are adjectives or glue more often than they are a claimed event.
_NOT_CLAIMS = frozenset(
    "been being going based called named known used supposed expected allowed able likely"
    " interested involved related concerned worried aged".split()
)


_WORD = re.compile(r"[a-z][a-z'-]*")


def claimed_verb(question: str) -> str:
    """The participle a yes/no question claims ("arrested" of "Has anyone been arrested
    over the attack?"), or "" when the question is no such question."""
    text = normalize(question).strip(" ?!.")
    if not _POLAR.match(text):
        return ""
    for word in _WORD.findall(text)[1:]:
        if word in _NOT_CLAIMS or (word in STOPWORDS and word not in LEMMAS):
            continue
        if _participle(word):
            return "" if term(LEMMAS.get(word, word)) in change_verbs() else word
    return ""


@cache
def change_verbs() -> frozenset[str]:
    """Index terms of verbs of change, movement or state (bot/data/change_verbs.txt)."""
    return frozenset(word for line in data_lines("change_verbs.txt") for word in line.split())


def _participle(word: str) -> bool:
    if len(word) > 4 and word.endswith(("ing", "ed")):
        return not word.endswith(("thing", "eed"))  # "anything", "need"
    return LEMMAS.get(word, "be") not in ("be", "have", "do")  # "taken", "caught"
