"""Follow-up detection: general English signs, on examples written here (not from any set),
with the cases where a rule must not fire."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answering import Answerer
from bot.config import ConversationSettings, RetrievalSettings
from bot.conversation import Conversations
from bot.cues import asks_why, states_reason
from bot.followup import BARE, ELLIPSIS, PRONOUN, SHORT, detect
from bot.knowledge import Article, KnowledgeBase


@pytest.mark.parametrize(
    ("question", "kind", "word"),
    [
        ("And the mayor?", ELLIPSIS, "and"),
        ("What about the second bridge?", ELLIPSIS, "what about"),
        ("But in May?", ELLIPSIS, "but"),
        ("And the cost of the second one?", ELLIPSIS, "and"),
        ("And why?", BARE, "and"),
        ("And her brother?", PRONOUN, "and"),
        ("Why?", BARE, ""),
        ("When was that?", BARE, ""),
        ("How many of them?", BARE, ""),
        ("By how much?", BARE, ""),
        ("How long did he serve?", PRONOUN, "he"),
        ("What did she tell the jury?", PRONOUN, "she"),
        ("Where is its headquarters?", PRONOUN, "its"),
        ("Who funded them?", PRONOUN, "them"),
        ("What do engineers call it?", PRONOUN, "it"),  # "engineers" cannot be "it"
        ("Which newspaper interviewed her?", PRONOUN, "her"),  # a subject is no object's referent
        ("When did that start?", PRONOUN, "that"),
        ("What changed after that?", PRONOUN, "that"),
        ("Who else was there?", PRONOUN, "there"),
        ("And which anti-Brexit candidate won there?", PRONOUN, "and"),
        ("Who resigned?", SHORT, ""),
        ("Which bridge closed?", SHORT, ""),  # three words: followup.SHORT_WORDS
        ("How long will it take to rebuild them?", PRONOUN, "them"),  # "take" is the verb
        ("Why must that end?", PRONOUN, "that"),  # after any auxiliary, as "When did that"
        ("That must have hurt the club?", PRONOUN, "that"),  # before any auxiliary too
        ("What happened to the rest of them?", PRONOUN, "them"),  # "rest" holds "them"
        ("Who paid for the rest of it?", PRONOUN, "it"),  # ... as "the cost of it" would
        ("Why was there a strike over it?", PRONOUN, "it"),  # "strike" holds "it" too
        ("What did the inquiry into them find?", PRONOUN, "them"),  # ... as "inquiry" does
        ("Who was unhappy with it?", PRONOUN, "it"),  # "unhappy" is said of "who"
        ("Which firm is responsible for them?", PRONOUN, "them"),  # ... "responsible" too
    ],
)
def test_follow_ups_are_detected(question: str, kind: str, word: str) -> None:
    found = detect(question)
    assert found is not None and found.kind == kind and found.word == word


@pytest.mark.parametrize(
    "question",
    [
        "Why did the city council delay the vote on the new bridge?",  # a subject of its own
        "Did Mayor Lund say he would resign?",  # "he" refers to a name before it
        "Lund's budget: who opposed it?",  # the opening word is a name
        "Is it true that the bridge will close?",  # a dummy "it"
        "How much will it cost to rebuild the pier?",  # the subject comes after "to"
        "How warm was it in Oslo on Sunday?",  # the weather's "it"
        "How did the farmers protect their crops?",  # "their" refers to the farmers
        "Did the union say they would strike in May?",  # "they": the union
        "What did Anna say when her brother called?",  # "her": Anna
        "Who gave their name to the comet?",  # a possessive bound to "who"
        "Are there any survivors of the crash?",  # an existential "there"
        "Which singer was there to open the Bergen festival?",  # at the event it names
        "Who moved to Oslo and opened a bakery there?",  # the place it names
        "What happened this year at the festival?",  # "this year" is a determiner
        "Which law that bans smoking was passed?",  # a relative "that"
        "Who is Ingrid Lund?",  # short, but it names someone
        "And is the ferry to Bergen running again?",  # a whole question after its "and"
        "And must the ferry stop at Voss?",  # ... after any auxiliary
        "That ferry must stop at Voss, must it not?",  # a determiner before its noun
        "Who broke the news before it leaked?",  # "it": the news ("news" is no plural)
        "what did douglas say when his ferry sank?",  # a name in -as, typed in lower case
        "So when did the Danube bridge reopen?",
        "What happened in 1989?",  # short, but it gives a number
        "Which old bridge closed?",  # four words: over followup.SHORT_WORDS
        "How long did it take the divers to find their boat?",  # "their": the divers
        "What did the rest of the team say about their coach?",  # "their": the team
        "Who owns the rest of the island?",  # no pronoun: "the rest" of what it names
        "Which firm is responsible for its own pension fund?",  # "its": the firm
        "Who was praised for their courage?",  # "their": who, the subject of "was praised"
        "How many were injured in their homes?",  # "their": the injured
        "Did the old mill have a water wheel on it?",  # "it": the mill, before the wheel
        "Which firm bought the field and built a depot on it?",  # "it": the field
    ],
)
def test_complete_questions_are_not_follow_ups(question: str) -> None:
    assert detect(question) is None


def test_why_questions_and_reasons() -> None:
    assert asks_why("Why?") and asks_why("And why did they stop?") and asks_why("How come?")
    assert not asks_why("Who asked why the road was closed?")
    assert states_reason("The road closed because of flooding.")
    assert states_reason("The mill shut after a fire in its boiler room.")
    assert states_reason("The ferry could not sail in the fog, so the crew waited.")
    assert states_reason("The owners blamed the closure on rising rents.")
    assert states_reason("She resigned, citing ill health.")
    assert states_reason("Neighbours signed a petition to force a vote on the plan.")
    assert not states_reason("The mill employs forty people on two shifts.")
    assert not states_reason("The air force flew two planes over the bay.")  # a noun "force"
    assert not states_reason("After all, the mill is ours.")


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(questions=st.lists(st.text(max_size=300), min_size=1, max_size=6))
def test_any_text_in_a_conversation_is_answered_or_declined(
    questions: list[str], answerer: Answerer
) -> None:
    """Arbitrary text (control characters, emoji, empty, long) never breaks detection or a
    conversation, and what a turn keeps is bounded."""
    chat = Conversations(ConversationSettings())
    for question in questions:
        detect(question)
        reply = chat.ask("fuzz", question, answerer)
        assert reply.answer.question == question
        assert len(reply.note) < 400
    turn = chat.current("fuzz", answerer).last
    assert turn is None or len(turn.question) <= 1000


def test_a_why_follow_up_about_a_noun_it_complements() -> None:
    """ "Why was there a referendum on it?" after the stadium: "it" is the stadium (no noun
    holds a pronoun in its own complement), and the reason is the paragraph that says what
    forced the vote ("to force"), not the opening's time ("after a campaign")."""
    knowledge = KnowledgeBase.from_articles(
        [
            Article(
                "stadium.md",
                "Voters reject stadium",
                "Outlet",
                "",
                None,
                (
                    "Voters in Dunmere rejected the new stadium in a referendum on Sunday, "
                    "after a campaign of six months.",
                    "The football club proposed the stadium in 2020. Residents then gathered "
                    "5,000 signatures, enough to force a referendum on the plan.",
                    "The club said it would look for another site.",
                ),
            ),
            Article("bakery.md", "Bakery", "Outlet", "", None, ("A bakery opened in May.",)),
        ]
    )
    answerer = Answerer(knowledge, RetrievalSettings())
    chat = Conversations(ConversationSettings())
    chat.ask("k", "Who proposed the stadium?", answerer)
    reply = chat.ask("k", "Why was there a referendum on it?", answerer)
    assert reply.followup is not None and reply.answer.best is not None
    assert "5,000 signatures" in reply.answer.best.passage.text
