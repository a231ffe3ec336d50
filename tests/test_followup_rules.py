"""Follow-up rules of issue 17's second round, on two stories written here (not from any
set): "And X?" repeats the frame of the last question that wrote a name, and "Why?" or
"When was that?" look inside the last answer's passage first; and of issue 15's round 23,
"Why?" answered by the next paragraph when it opens with the reason ("After all, ...").
Each with a case where the rule must not fire."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.answering import Answerer
from bot.config import load_settings
from bot.conversation import Conversations
from bot.cues import states_reason
from bot.followup import asks_when, contrasted, justifies
from bot.knowledge import load_folder
from tests.conftest import ROOT

SETTINGS = load_settings(ROOT / "config.yaml")

FERRIES = """---
title: Two old ferries retire from the northern coast route
source: newsbot test (written for this project)
published: 2023-04-03
---
The operator of the northern coast route retired its two oldest ferries this spring after forty years of service.

The ferry Polarlys will be displayed at the maritime museum in Bodø, the operator said on Monday.

Polarlys made 12,000 crossings in its forty years, more than its sister Vesterlen, which made 9,000 crossings.

Vesterlen will be displayed at the old harbour in Narvik from next summer, the town's mayor said.

The route carried a record 80,000 passengers in March because the coast road was closed by landslides.

Mayor Ingrid Holm opened the new ferry terminal on 4 March, two years late.

The terminal holds a café, a waiting room and a small shop.
"""

BAKERY = """---
title: Bakery chain opens ten shops
source: newsbot test (written for this project)
published: 2023-05-01
---
A bakery chain opened ten shops in the south, and its prices will rise in June because flour costs more.

The chain employs 400 bakers, most of them trained at its own school.
"""


# A paragraph that names the keeper and states a reason, of another event (why he lived
# alone), and one that says why he left.
LIGHTHOUSE = """---
title: Last keeper of Skarv lighthouse dies at 90
source: newsbot test (written for this project)
published: 2023-06-12
---
Arne Dahl, the last keeper of the Skarv lighthouse, has died at the age of 90.

Dahl kept the Skarv light from 1961 until 1998 and lived alone on the island for most of those years, because his wife worked as a teacher on the mainland.

In 1998 he left the island after the light was automated and the keeper's post was abolished.

He later wrote two books about the coast and its shipwrecks.
"""


# The verb of the opening question, "played", stands in another paragraph too (the mayor's
# game); the final names no verb.
CHESS = """---
title: Town hall hosts its first chess weekend
source: newsbot test (written for this project)
published: 2023-09-18
---
The town's first chess weekend drew 200 players of all ages to the old town hall.

The mayor played a friendly game against a ten-year-old schoolgirl and lost in twenty moves.

The tournament's final on Sunday saw grandmaster Olga Berg face the local champion Tomas Lind over five hours.

Berg won with the black pieces and took home the trophy and 2,000 euros.
"""


# A quote, then the paragraph that gives its reason ("After all, ..."), and a paragraph
# stating the reason of something else (the miller's retirement).
MILL = """---
title: Village council keeps its water mill
source: newsbot test (written for this project)
published: 2023-10-02
---
The council of Lunde voted on Monday to keep the old water mill open for another ten years.

"We will not sell it to a developer," the council leader, Hanna Vik, told the meeting.

After all, Vik added, the mill has ground the village's flour for two hundred years.

Its miller, Ola Berg, will retire in May because his knees are failing.

The mill employs four people.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    folder: Path = tmp_path_factory.mktemp("stories")
    (folder / "ferries.md").write_text(FERRIES, encoding="utf-8")
    (folder / "bakery.md").write_text(BAKERY, encoding="utf-8")
    (folder / "lighthouse.md").write_text(LIGHTHOUSE, encoding="utf-8")
    (folder / "chess.md").write_text(CHESS, encoding="utf-8")
    (folder / "mill.md").write_text(MILL, encoding="utf-8")
    return Answerer(load_folder(folder), SETTINGS.retrieval)


def best(chat: Conversations, question: str, answerer: Answerer, key: str = "a") -> str:
    answer = chat.ask(key, question, answerer).answer
    return answer.best.passage.text if answer.best else ""


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("And Bergen?", {"bergen"}),
        ("What about Amnesty International?", {"amnesty", "international"}),
        ("And the Senate?", {"senate"}),
        ("And in Oslo?", set()),  # the same question narrowed to a place: no name replaced
        ("And by Friday?", set()),  # a time
        ("And Monday?", set()),  # a day is no name in another's place
        ("And which Labour minister resigned?", set()),  # a question of its own
        ("And the cost of the bridge?", set()),  # no name
        ("Who is the mayor of Bergen?", set()),  # no ellipsis
    ],
)
def test_an_ellipsis_contrasts_the_names_it_writes(question: str, names: set[str]) -> None:
    assert contrasted(question) == names


def test_and_x_repeats_the_frame_of_the_last_named_question(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    assert "maritime museum" in best(chat, "Where will the ferry Polarlys be displayed?", answerer)
    assert "12,000 crossings" in best(chat, "How many crossings did it make?", answerer)
    # "Vesterlen" replaces "Polarlys" in "Where will ... be displayed?", two turns back; the
    # words of "How many crossings did it make?" would find Vesterlen's crossings instead
    assert "old harbour in Narvik" in best(chat, "And Vesterlen?", answerer)


def test_an_ellipsis_without_a_name_keeps_the_last_question(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    best(chat, "Where will the ferry Polarlys be displayed?", answerer)
    best(chat, "How many crossings did it make?", answerer)
    # no name to put in another's place: "And its sister?" continues the crossings question
    assert "9,000 crossings" in best(chat, "And its sister?", answerer)


@pytest.mark.parametrize(
    ("question", "when"),
    [
        ("When was that?", True),
        ("And when did it open?", True),
        ("By when?", True),
        ("What year was that?", True),
        ("Why?", False),
        ("Where was that?", False),
        ("Whenever?", False),
    ],
)
def test_when_questions(question: str, when: bool) -> None:
    assert asks_when(question) is when


def test_when_was_that_is_answered_from_the_last_passage(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    assert "Ingrid Holm" in best(chat, "Who opened the new ferry terminal?", answerer)
    assert "4 March" in best(chat, "When was that?", answerer)


def test_a_last_passage_without_a_time_is_not_kept(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    assert "café" in best(chat, "What does the terminal hold besides a waiting room?", answerer)
    follow = chat.ask("a", "When was that?", answerer).answer
    assert follow.best is None or "café" not in follow.best.passage.text


def test_why_is_answered_from_the_last_passage_even_in_other_words(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    assert "80,000" in best(
        chat, "How many passengers did the coast route carry in March?", answerer
    )
    # "grow" is in no passage: the last answer's passage states the reason
    assert "landslides" in best(chat, "Why did that grow so much?", answerer)


def test_why_with_new_words_held_elsewhere_follows_them(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    best(chat, "How many shops did the bakery chain open?", answerer)
    chat.ask("a", "How many bakers does it employ?", answerer)
    # the last passage (the bakers) states no reason; the new word "rise" is held elsewhere
    assert "flour costs more" in best(chat, "Why will its prices rise?", answerer)


def test_the_last_paragraph_and_its_neighbours_can_be_preferred() -> None:
    from bot.answering.borrow import Context, prefer
    from tests.answering_kit import article, passage

    story, other = article("story"), article("other")
    passages = [passage(f"p{n}", paragraph=n, of=story) for n in (1, 2, 3, 4)]
    passages.append(passage("elsewhere", paragraph=1, of=other))
    bm25 = np.ones(len(passages))
    context = Context("story", 2.0, paragraph=2, passage_weight=1.5, near_weight=1.25)
    prefer(bm25, context, passages, (0, 3))
    assert bm25.tolist() == [2.5, 3.0, 2.5, 2.0, 1.0]  # the article × 2, then 1.5 and 1.25
    plain = np.ones(len(passages))
    prefer(plain, Context("story", 2.0, paragraph=2), passages, (0, 3))
    assert plain.tolist() == [2.0, 2.0, 2.0, 2.0, 1.0]  # the defaults: the article only


def test_why_with_a_new_event_nowhere_in_the_story_is_declined(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    best(chat, "How many passengers did the coast route carry in March?", answerer)
    # "she" brings a new event ("resign") that no passage holds: the last passage's reason
    # (the landslides) is no answer to it, so it is declined as it would be alone
    follow = chat.ask("a", "Why did she resign?", answerer)
    assert follow.followup is not None and not follow.answer.answered


def test_why_asks_the_reason_of_what_was_asked_about(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    # lead_story off: on, it puts "In 1998 he left the island ..." first (it holds "left", the
    # keeper's years do not), and the reason would stand in the passage just given
    settings = answerer.settings
    plain = Answerer(
        answerer.knowledge, replace(settings, rules=replace(settings.rules, lead_story=0.0))
    )
    # the dates put the keeper's years first; that paragraph's reason is why he lived alone
    assert "from 1961 until 1998" in best(chat, "When did Arne Dahl leave Skarv?", plain)
    # "Why?" asks why he *left*: the reason beside "left" answers, not the one beside his name
    assert "light was automated" in best(chat, "Why?", plain)
    # with the rule on, the paragraph telling that he left answers both
    chat = Conversations(SETTINGS.conversation)
    assert "In 1998 he left" in best(chat, "When did Arne Dahl leave Skarv?", answerer)
    assert "light was automated" in best(chat, "Why?", answerer)


def test_why_stays_when_the_last_passage_holds_what_was_asked_about(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    assert "lived alone" in best(chat, "Did Dahl live alone on the island?", answerer)
    # the reason stands beside "lived": the passage just given answers, as before
    assert "his wife worked" in best(chat, "Why?", answerer)


def test_the_event_words_are_the_last_question_s_words_without_its_names() -> None:
    from bot.followup_plan import Conversation, Turn, plan

    asked = Conversation([Turn("When did the Mayor of Bergen open the bridge?", ())])
    why = plan(asked, "Why?", SETTINGS.conversation)
    assert why.context is not None and why.context.about == ("open", "bridge")
    named_only = Conversation([Turn("Who is Ingrid Holm?", ())])
    after = plan(named_only, "Why?", SETTINGS.conversation)
    assert after.context is not None and after.context.about == ()  # nothing to check


def test_a_reason_beside_what_was_asked_about_comes_first() -> None:
    from bot.answering import Answer, Hit
    from bot.conversation import _with_reason
    from tests.answering_kit import article, passage

    paper = article("harbour")
    other = passage("The crew stayed on board because the pay was good.", of=paper, paragraph=1)
    asked = passage("The ferry left early after a storm warning.", of=paper, paragraph=2)
    hits = (Hit(other, 3.0, other.text, 0.5), Hit(asked, 2.0, asked.text, 0.4))
    moved = _with_reason(Answer("Why?", hits), ("leave",))
    assert moved.hits[0].passage is asked  # "left" is "leave"'s past
    kept = _with_reason(Answer("Why?", hits), ("pay",))
    assert kept.hits[0].passage is other  # the reason of what was asked about stays first
    plain = _with_reason(Answer("Why?", hits))
    assert plain.hits[0].passage is other  # nothing asked about: the best stating one


def test_a_word_the_referent_had_is_no_new_word(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    assert "Olga Berg" in best(chat, "When was the final of the chess tournament played?", answerer)
    # "played" was asked before: "it" (the final) leads, not the mayor's game
    assert "Olga Berg" in best(chat, "Who played in it?", answerer)


def test_new_words_still_lead_the_borrowed_ones(answerer: Answerer) -> None:
    from bot.answering.borrow import Context, borrow

    context = Context(words=(("played", 0.5), ("final", 0.5), ("tournament", 0.5)), max_share=0.6)
    vocabulary = answerer.vocabulary

    def shares(question: str) -> tuple[float, float]:
        own = answerer.query(question)
        units = borrow(own, context, vocabulary).units[len(own.units) :]
        new = sum(u.idf for u in own.units if u.word not in ("played", "final", "tournament"))
        return sum(u.idf for u in units), new

    borrowed, new = shares("Who lost in it?")  # "lost" is new: the borrowed words are capped
    assert new > 0 and borrowed == pytest.approx(0.6 * new)
    borrowed, new = shares("Who played in it?")  # nothing new: they keep their weights
    whole = sum(vocabulary.word_unit(w).idf * 0.5 for w in ("final", "tournament"))
    assert new == 0 and borrowed == pytest.approx(whole)


@pytest.mark.parametrize(
    ("text", "opens_with_reason"),
    [
        ("After all, the mill is ours.", True),
        ("“After all, we’re not members,” she said.", True),
        ("This is because the dam leaked.", True),
        ("That was partly due to the rain.", True),
        ("That's because nobody asked.", True),
        ("The match went ahead after all.", False),  # "in the end", no reason
        ("The road closed because of flooding.", False),  # a reason, but of its own sentence
        ("This is the mill's last year.", False),
    ],
)
def test_a_text_that_opens_with_the_reason_for_what_came_before(
    text: str, opens_with_reason: bool
) -> None:
    assert justifies(text) is opens_with_reason
    assert not states_reason("After all, the mill is ours.")  # not a reason anywhere else


def test_why_is_answered_by_the_next_paragraph_that_opens_with_its_reason(
    answerer: Answerer,
) -> None:
    chat = Conversations(SETTINGS.conversation)
    assert "sell it to a developer" in best(chat, "What did Hanna Vik tell the meeting?", answerer)
    assert "two hundred years" in best(chat, "Why?", answerer)
    chat = Conversations(SETTINGS.conversation)
    best(chat, "What did Hanna Vik tell the meeting?", answerer)
    assert "two hundred years" in best(chat, "Why did she say that?", answerer)
    # with the switch off (conversation.next_reason, docs/fit.py --switches) it is not
    chat = Conversations(replace(SETTINGS.conversation, next_reason=False))
    best(chat, "What did Hanna Vik tell the meeting?", answerer)
    assert "two hundred years" not in best(chat, "Why?", answerer)


def test_an_after_all_paragraph_is_no_reason_for_another_paragraph(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    assert "four people" in best(chat, "How many people does the mill employ?", answerer)
    # the "After all" paragraph follows the quote, not the staff: it is no reason here
    assert "two hundred years" not in best(chat, "Why?", answerer)


def test_why_of_something_new_is_not_answered_by_the_next_paragraph(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    best(chat, "What did Hanna Vik tell the meeting?", answerer)
    # "Why will he retire?" asks about a new event, not about what she just said
    assert "knees are failing" in best(chat, "Why will he retire?", answerer)


def test_a_new_topic_after_the_quote_is_answered_as_if_alone(answerer: Answerer) -> None:
    chat = Conversations(SETTINGS.conversation)
    best(chat, "What did Hanna Vik tell the meeting?", answerer)
    question = "Why will the miller of Lunde retire in May?"
    reply = chat.ask("a", question, answerer)
    assert reply.followup is None and reply.answer == answerer.answer(question)


def test_the_last_paragraph_s_own_reason_comes_before_the_next_one() -> None:
    from bot.answering import Answer, Hit
    from bot.answering.borrow import Context
    from bot.conversation import _continued, _with_reason
    from tests.answering_kit import article, passage

    paper = article("harbour")
    said = passage("The ferry stayed in port, the captain said.", of=paper, paragraph=2)
    after = passage("After all, the sea was rough.", of=paper, paragraph=3)
    context = Context("harbour", paragraph=2, event=True)
    hits = (Hit(said, 3.0, said.text, 0.5), Hit(after, 2.0, after.text, 0.4))
    moved = _with_reason(Answer("Why?", hits), (), _continued(hits, context))
    assert moved.hits[0].passage is after
    assert _continued(hits, replace(context, event=False)) is None  # "Why did she resign?"
    assert _continued(hits, replace(context, paragraph=1)) is None  # not right after it
    lead = passage("After all, the sea was rough.", of=paper, paragraph=1)
    caption = (Hit(said, 3.0, said.text, 0.5), Hit(lead, 2.0, lead.text, 0.4))
    assert _continued(caption, replace(context, paragraph=0)) is None  # after a caption
    reason = passage("The ferry stayed in port because of the fog.", of=paper, paragraph=2)
    stayed = (Hit(reason, 3.0, reason.text, 0.5), Hit(after, 2.0, after.text, 0.4))
    assert _continued(stayed, context) is None  # its own reason answers first
