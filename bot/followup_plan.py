"""How a follow-up is answered: what it borrows from the conversation's last turns.

A conversation (bot/conversation.py) keeps one `Turn` per question. When a new question
is a follow-up (bot/followup.py), `plan` makes its `Context` (bot/answering/borrow.py
weighs it): the last answer's article and paragraph are preferred, the words the last
turn was about are borrowed (`borrowed`), or for an ellipsis ("And Bergen?") the frame
question's words without its names; a why- or when-follow-up tests the last answer's
passage for a reason or a time. Cheap: no answering here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answering.borrow import Context
from bot.config import ConversationSettings
from bot.cues import asks_why, states_reason, states_time
from bot.followup import (
    BARE,
    CONTINUED,
    EVENTS,
    PERSONS,
    Detection,
    asks_when,
    content_words,
    continues,
    contrasted,
    detect,
    named,
    new_topic,
    type_words,
)


@dataclass(frozen=True)
class Turn:
    question: str
    topic: tuple[tuple[str, float], ...]  # what it was about: own words at 1, borrowed ones less
    article: str = ""  # key of the article it was answered from; "" when declined
    paragraph: int = -1
    sentence: str = ""  # the answer's best sentence
    names: tuple[str, ...] = ()  # the names in that sentence
    short: str = ""  # the short answer shown, if any (bot/answering/short.py)
    at: float = 0.0  # clock time of the turn


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None


@dataclass(frozen=True)
class Plan:
    question: str
    followup: Detection | None = None  # None: answer as if alone
    context: Context | None = None
    previous: Turn | None = None
    next_reason: bool = True  # ConversationSettings.next_reason
    fallback: bool = False  # ConversationSettings.story_fallback


def plan(conversation: Conversation, question: str, settings: ConversationSettings) -> Plan:
    """A follow-up borrows from the last turn; any other question is answered as if alone,
    and one the reader marks as a new topic ("Unrelated: ...") without its mark."""
    rest = new_topic(question) if settings.new_topic else ""
    if rest:
        return Plan(rest)
    previous = conversation.last
    found = detect(question) if previous is not None else None
    if previous is None:
        return Plan(question)
    if found is None:
        opener = continues(question) if settings.and_continues and previous.article else ""
        if not opener:
            return Plan(question)
        # "And what did the union say?": the story goes on; the question's own words lead
        story = Context(article=previous.article, article_weight=settings.article_weight)
        found = Detection(CONTINUED, opener)
        return Plan(question, found, story, previous, settings.next_reason, settings.story_fallback)
    swapped = contrasted(question)
    frame = _frame(conversation, swapped) if swapped else None
    words = (
        _frame_words(frame, swapped, settings)
        if frame is not None
        else borrowed(previous, settings, person=found.word in PERSONS)
    )
    stay = _stay_test(question)
    context = Context(
        article=previous.article,
        article_weight=settings.article_weight,
        words=words,
        max_share=settings.max_share,
        paragraph=previous.paragraph,
        passage_weight=settings.passage_weight,
        near_weight=settings.near_weight,
        stay=stay,
        event=found.kind == BARE or found.word in EVENTS,
        about=_event_words(previous) if stay is not None else (),  # read by why/when only
        asked=type_words(question) if settings.type_words else (),
    )
    return Plan(question, found, context, previous, settings.next_reason, settings.story_fallback)


def _frame(conversation: Conversation, swapped: frozenset[str]) -> Turn | None:
    """For "And Bergen?": the latest question that wrote a name of its own ("Who is the mayor
    of Oslo?", maybe before "How long has he served?"), whose frame the ellipsis repeats with
    its new name in place of that one."""
    for turn in reversed(conversation.turns):
        if named(turn.question) - swapped:
            return turn
    return None


def _frame_words(
    frame: Turn, swapped: frozenset[str], settings: ConversationSettings
) -> tuple[tuple[str, float], ...]:
    """The frame question's own words at `referent_weight`, without the names it wrote: the
    ellipsis puts its own in their place."""
    names = named(frame.question)
    kept = [w for w in content_words(frame.question) if w not in names and w not in swapped]
    return tuple((w, settings.referent_weight) for w in kept)


def _event_words(previous: Turn) -> tuple[str, ...]:
    """What the last question asked about, without the names it wrote: "When did Valeska
    Paris leave the Freewinds?" -> ("leave",). "Why?" after it asks why she *left*: a reason
    beside "Freewinds" alone may be the reason of something else the story tells."""
    names = named(previous.question)
    return tuple(w for w in content_words(previous.question) if w not in names)


def _stay_test(question: str) -> Callable[[str], bool] | None:
    """What a why- or when-follow-up asks of the last answer's passage: a reason, a time."""
    if asks_why(question):
        return states_reason
    return states_time if asks_when(question) else None


def borrowed(
    previous: Turn, settings: ConversationSettings, *, person: bool = False
) -> tuple[tuple[str, float], ...]:
    """The words a follow-up borrows from the turn before it, heaviest first; the names of
    its answer only for "he" or "she" (`person`), who may be someone that answer named."""
    weights: dict[str, float] = {}
    for word, weight in previous.topic:  # its own words weigh 1 there, borrowed ones less
        share = settings.referent_weight if weight >= 1.0 else settings.carry_weight
        weights[word] = max(weights.get(word, 0.0), weight * share)
    for name in previous.names if person else ():
        weights[name] = max(weights.get(name, 0.0), settings.answer_weight)
    ranked = sorted(weights.items(), key=lambda item: -item[1])
    return tuple((w, round(x, 4)) for w, x in ranked if x >= settings.min_weight)
