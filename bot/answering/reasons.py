"""Why-questions: whether a passage gives a reason for the event asked about, or tells that
event only as the cause or the time of something else.

"What caused the pipe to burst?" of "The school closed early after a pipe burst in the
boiler room": the sentence states a reason (bot/cues.py REASON: "after"), but of the
closing; the bursting is in the clause the cue opens, told as the closing's cause. "Why did
sales fall after the recall?" of "Sales fell by a third after the recall": the one reason
told is the question's own. Neither passage says why the thing asked happened, and
answering declines it (rules.reason_of_asked; bot/answering/decline.py).

Only the cues that the cause follows count ("because", "after", "since", "due to"): after
"why", "led to", "forced" or ", so" the effect is told ("this was why no firm paid"), after
"to stop", "in order to" a purpose. A passage whose sentences about the question state no
reason by REASON's cues is kept: those cues miss many a reason ("would cut the spread of
infections"), so their absence proves nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.answering.facts import PassageFacts
from bot.answering.query import Query
from bot.cues import CLAUSE_END, cue_of_time, reason_cues
from bot.memo import sentence_terms

# REASON's cues that the cause follows ("rose after the announcement", "because it rained").
_CAUSE_AFTER = re.compile(
    r"because|since|after|due to|owing to|thanks to|on the grounds|for fear|fearing|citing"
    r"|attributed to|in protest",
    re.IGNORECASE,
)


def told_as_cause(
    query: Query, facts: PassageFacts, kind_words: Collection[str], times: bool = False
) -> bool:
    """Whether every reason cue in the passage's sentences that hold a word of the question
    (other than "why" and the `kind_words` naming a reason: "reason", "cause") is one the
    cause follows, and opens a clause holding a word of the question too: the event asked
    about told as a cause or a time, or the question's own reason. False when no such
    sentence states a reason at all. With `times` (rules.reason_as_time), a "since" or an
    "after" telling only a time is no cue (bot/cues.py cue_of_time): "felt pain since her
    semifinal", "shops have since stopped", "after the break" state no reason."""
    told = [u for u in query.units if u.word != "why" and u.word not in kind_words]
    found = False
    for sentence in facts.sentences:
        if not any(u.held(sentence.terms) for u in told):
            continue
        text = sentence.text
        lowered = text.lower() if times else ""
        for cue, at in reason_cues(text):
            if len(lowered) == len(text) and cue_of_time(cue.lower(), lowered, at):
                continue  # a time, not a cause: neither the asked event's cause nor a reason
            if not _CAUSE_AFTER.fullmatch(cue):
                return False  # an effect or a purpose follows: maybe the asked event's
            end = CLAUSE_END.search(text, at)
            clause = text[at : end.start() if end else len(text)]
            terms = sentence_terms(clause)  # the reader's own words, not WordNet's: "costs"
            if not any(u.held_strict(terms) for u in told):  # is no "prices" here
                return False  # a cause not of the question's words: maybe its reason
            found = True
    return found
