"""Three kinds of answer a near miss asks for, read from the question's wording, and the
sentence patterns that hold them (bot/answering/answer_types.py checks them like its own):

- PENALTY, "what sentence / penalty / punishment did X receive / get / face": a term
  ("six years"), a sum, or a word of the law's penalties (jailed, fined, probation,
  acquitted) — not "What sentence did she underline?";
- QUANTITY, "what is the (daily) intake / dose / population / death toll (of)": a number;
- FUTURE, "when will ...", "when is the next ...": a date said of the future ("plans to add
  four more by 2024", "is due in March"), not a past one ("before the 2014 protests", "at
  2:30 the next day").

General English only; nothing here knows any article or question set.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# "What sentence did they receive?", not "What sentence did she underline?".
_PENALTY_ASKED = re.compile(
    r"^(?:what|which) (?:kind of |sort of |type of )?(?:prison |jail )?"
    r"(?:sentences?|penalt(?:y|ies)|punishments?)\b.*\b(?:receive[ds]?|get|gets|got|given|give|handed|face[ds]?|serve[ds]?"
    r"|impose[ds]?|pass(?:ed)?|award(?:ed)?|hand down|handed down)\b"
)
PENALTY = re.compile(
    r"\b(?:sentenc\w*|jail\w*|prison\w*|imprison\w*|probation|fined|fines?(?= of)|custod\w*"
    r"|community (?:service|order)|death penalty|execut(?:ed|ion)|acquit\w*|suspended|ban(?:s|ned)?"
    r"|sanction\w*|penalt\w*|punish\w*|detention|house arrest|life term|convict\w*|guilty"
    r"|cleared)\b",
    re.IGNORECASE,
)
# Nouns of a measure that is stated as a number: "What is the daily intake of X?"
_QUANTITY_NOUNS = frozenset(
    "intake dose dosage amount quantity total tally toll population salary wage wages"
    " temperature speed height weight depth turnout capacity".split()
)
_QUANTITY_ASKED = re.compile(
    r"^(?:what|which)(?:'s| is| was| are| were| will be| would be)? (?:the |a |an )?"
    r"(?P<phrase>[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,3})"
)
_OF = [[w] for w in "of for in at among per across".split()]  # "the intake OF iodine"
_FUTURE_ASKED = re.compile(r"^when (?:will|(?:is|are|does|do) (?:the )?next)\b")
# A date said of the future: "will", "is due / set / expected / scheduled / planned to",
# "plans", "by 2024", "next year", "upcoming", "later this month", and a date fixed or
# moved ahead: "set for", "slated for", "pencilled in for", "postponed until", "put back to".
FUTURE = re.compile(
    r"\b(?:will|shall|due|set (?:to|for)|expected|scheduled|planned|plans?|upcoming"
    r"|later th(?:is|at)|slated|pencill?ed in|(?:postponed|delayed|put back|pushed back)"
    r" (?:to|until|till)|rescheduled"
    r"|by (?:the end of )?(?:\d{4}|next|early|late|mid|january|february|march|april|may|june"
    r"|july|august|september|october|november|december)|(?<!the )next (?:week|month|year"
    r"|spring|summer|autumn|fall|winter|season|january|february|march|april|may|june|july"
    r"|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday))\b",
    re.IGNORECASE,
)


def asks_penalty(text: str) -> bool:
    """Whether the (normalised) question asks what penalty someone received."""
    return bool(_PENALTY_ASKED.search(text))


def asks_future(text: str) -> bool:
    """Whether the (normalised) question asks the date of something still to come."""
    return bool(_FUTURE_ASKED.search(text))


def asks_quantity(text: str, phrase_of: Callable[[str], tuple[str, ...]]) -> str:
    """The measure noun a "what is the (adjectives) N (of ...)" question asks the number
    of ("intake"), or ""; `phrase_of` cuts the noun phrase where its function words start."""
    match = _QUANTITY_ASKED.search(text)
    if not match:
        return ""
    phrase = phrase_of(match["phrase"])  # "recommended daily intake", then "of", "for"
    rest = text[match.start("phrase") :].split()[len(phrase) : len(phrase) + 1]
    return phrase[-1] if phrase and phrase[-1] in _QUANTITY_NOUNS and rest in ([], *_OF) else ""
