"""The role a question asks about against the sentences holding its verb
(bot/answering/roles.py): made-up questions and sentences, none from a question set."""

from __future__ import annotations

import pytest

from bot.answering import roles as r
from bot.answering.roles import Roles, another_doer, swapped
from bot.text import term, words

WINDOW = 8


def asked(question: str) -> Roles | None:
    return r.asked(question, words(question))


def test_the_subject_asked_reads_the_verb_and_its_object() -> None:
    roles = asked("Who replaced the old mayor as head of the council?")
    assert roles == Roles(term("replaced"), "replaced", frozenset({"old", term("mayor")}), True)


def test_the_object_asked_of_a_named_doer_reads_the_name_and_the_verb() -> None:
    roles = asked("Who did Queen Mara II hire to build the bridge?")
    assert roles == Roles(term("hire"), "hire", frozenset({"queen", "mara", "ii"}), False)
    assert asked("When did the Varnishmen sign the charter?") == Roles(
        term("sign"), "sign", frozenset({term("varnishmen")}), False
    )
    # ... after "what / which N" or "how many N" too
    assert asked("How many workers did Tom Berg hire?") == Roles(
        term("hire"), "hire", frozenset({"tom", "berg"}), False
    )
    assert asked("What title did Queen Mara II take?") == Roles(
        term("take"), "take", frozenset({"queen", "mara", "ii"}), False
    )


@pytest.mark.parametrize(
    "question",
    [
        "Who is the mayor of Harwick?",  # a copula, no verb
        "Who's ships were sunk in the storm?",  # whose
        "Who treated her after the fall?",  # a pronoun names no party
        "Who will open the bridge?",  # a modal before the verb: neither shape
        "who did mara hire",  # nothing written as a name
        "What did the council decide?",  # the doer is no name
        "When did the Varnish guilds sign the charter?",  # a plural noun is no base verb
    ],
)
def test_other_questions_have_no_roles(question: str) -> None:
    assert asked(question) is None


def test_a_noun_after_the_name_is_the_names_not_the_verb() -> None:
    # a noun of a kind of thing news names, or a possessive's, then the verb
    assert asked("Who did the Harwick mayor hire?") == Roles(
        term("hire"), "hire", frozenset({term("harwick"), term("mayor")}), False
    )
    assert asked("What did Harwick's mayor open?") == Roles(
        term("open"), "open", frozenset({term("harwick"), term("mayor")}), False
    )
    assert asked("What did the Harwick spokesman say?") is None  # "say": no verb of a role
    # a noun WordNet gives no kind, or an adjective and a noun, before a verb the index
    # leaves out: that is the verb, not the noun ("spokeswoman" is no verb)
    for question in (
        "What did the Harwick spokeswoman say?",
        "What did the Harwick town clerk tell reporters?",
        "What did the Varnish trade envoy do?",
    ):
        assert asked(question) is None
    # must not fire: the kind noun is the verb, before a particle, a preposition, an object
    for question, verb in (
        ("Who did the Varnishmen team up with?", "team"),
        ("Who did Queen Mara host at the palace?", "host"),
        ("Who did Queen Mara guard the gate for?", "guard"),
        ("Who did Tom Berg hire?", "hire"),  # no word after the verb
        ("Who did the Varnishmen host last spring?", "host"),  # an ordinal after the verb
        ("Who did Queen Mara guard once?", "guard"),  # an adverb after the verb
    ):
        roles = asked(question)
        assert roles is not None and roles.written == verb


def _swapped(question: str, *sentences: str) -> bool:
    roles = asked(question)
    assert roles is not None
    return swapped(roles, list(sentences), WINDOW)


def test_the_object_asked_standing_as_the_doer_is_swapped() -> None:
    question = "Who replaced the miners as the town's largest employer?"
    assert _swapped(question, "In 1990 the miners replaced the weavers as the largest employer.")
    # must not fire: the miners replaced, by a passive or as the object
    assert not _swapped(question, "The miners were replaced by a call centre as the employer.")
    assert not _swapped(question, "A call centre replaced the miners as the largest employer.")


def test_the_object_s_owner_after_of_is_read() -> None:
    roles = asked("Who copied the old charters of the weavers?")
    assert roles == Roles(
        term("copied"), "copied", frozenset({"old", term("charters")}), True, frozenset({"weaver"})
    )
    # a name holding "of" is the name, no owner: "Robert of Varn"
    assert asked("Who hired Robert of Varn as steward?") == Roles(
        term("hired"), "hired", frozenset({"robert"}), True
    )


def test_the_object_s_owner_standing_as_the_doer_is_swapped() -> None:
    roles = asked("Who copied the old charters of the weavers?")
    assert roles is not None
    assert swapped(roles, ["In 1410 the weavers copied the old charters of the town."], WINDOW)
    # must not fire: the owner after the verb, or before a passive one
    for said in (
        "In 1410 the monks copied the old charters of the weavers.",
        "The weavers' old charters were copied by the monks in 1410.",
    ):
        assert not swapped(roles, [said], WINDOW)


def test_the_names_noun_is_not_read_as_a_verb_it_stands_before() -> None:
    # "spokesman for Harwick" gave Harwick the object's role of a verb "spokesman"
    roles = asked("What did the Harwick spokesman say?")
    assert roles is None or not swapped(
        roles, ["Ana Vey, spokesman for Harwick, said the bridge would open."], WINDOW
    )


def test_the_named_doer_standing_as_the_object_is_swapped() -> None:
    question = "Who did Queen Mara hire to build the bridge?"
    assert _swapped(question, "The engineer Ole Brun hired Queen Mara's cousin to build it.")
    assert _swapped(question, "In the end Queen Mara was hired by the guild as its patron.")
    # must not fire: she hired, actively or in a passive's "by"
    assert not _swapped(question, "Queen Mara hired Ole Brun to build the bridge.")
    assert not _swapped(question, "Ole Brun was hired by Queen Mara to build the bridge.")


def test_a_sentence_without_the_verb_says_nothing() -> None:
    question = "Who replaced the miners as the largest employer?"
    assert not _swapped(question, "The miners left the town in 1990.")
    assert not _swapped(question)


def test_every_sentence_holding_the_verb_must_swap_the_roles() -> None:
    question = "Who replaced the miners as the largest employer?"
    doer = "The miners replaced the weavers in 1950."
    done_to = "Forty years later a call centre replaced the miners."
    assert _swapped(question, doer)
    assert not _swapped(question, doer, done_to)


def test_a_noun_of_the_verb_is_no_verb() -> None:
    question = "Who attacked the rebels in the hills?"
    # "a third attack", "the rebels' attack": a noun, whoever stands before it
    assert not _swapped(question, "The rebels began a third attack on the hills.")
    question = "Who dominated the northern valleys?"
    assert not _swapped(question, "The northern valleys were under foreign domination.")


def test_a_party_along_with_the_doer_is_no_object() -> None:
    question = "Where did the Varnishmen sign the charter?"
    # "signed ... with the Varnishmen": they sign too
    assert not _swapped(question, "The king signed the charter with the Varnishmen in Olm.")
    assert _swapped(question, "The king signed the charter and sent it to the Varnishmen.")


def test_a_party_beyond_the_window_says_nothing() -> None:
    question = "Who replaced the miners as the largest employer?"
    far = "The miners, who had come from the hills over many hard years, replaced the weavers."
    assert not _swapped(question, far)
    roles = asked(question)
    assert roles is not None
    assert swapped(roles, [far], 16)


def test_a_participle_before_by_is_passive() -> None:
    question = "Who photographed the heron?"
    caption = "The grey heron, standing on one leg in the reeds, photographed by Ana Lee."
    roles = asked(question)
    assert roles is not None
    assert not swapped(roles, [caption], 16)
    assert swapped(
        roles, ["The grey heron, standing on one leg in the reeds, photographed fish."], 16
    )


@pytest.mark.parametrize(
    "question",
    [
        "Who did Lena Holt marry in 2004?",
        "Who married the young baron?",
        "Who did Mara Lind meet in the final?",
        "Who fought the river tribes?",
    ],
)
def test_a_reciprocal_verb_states_no_role(question: str) -> None:
    # "Tom Reed married Lena Holt" also says Lena Holt married Tom Reed: no swap to find
    assert asked(question) is None


def test_a_verb_that_is_not_reciprocal_still_reads_its_roles() -> None:
    # must still fire: the same order with a verb whose parties cannot trade places
    assert _swapped("Who did Lena Holt hire in 2004?", "In 2004 Tom Reed hired Lena Holt.")
    assert not _swapped("Who did Lena Holt hire in 2004?", "In 2004 Lena Holt hired Tom Reed.")


def _another(question: str, sentence: str, *spelled: str) -> bool:
    """`another_doer` on one sentence; `spelled`: close spellings of the party's words."""
    roles = asked(question)
    assert roles is not None
    held = frozenset(term(w) for w in words(sentence))
    forms = [frozenset({word, *(term(s) for s in spelled)}) for word in roles.party]
    return another_doer(roles, [(sentence, held)], forms)


def test_another_named_doer_before_the_verb_tells_of_someone_else() -> None:
    question = "When did Queen Mara flee to the coast?"
    assert _another(question, "Because of the war, Lord Osric fled to the coast in 1204.")
    assert _another(question, "Lord Osric had also fled to the coast.")  # past "had also"
    # must not fire: the question's party in the sentence, a pronoun or a common word before
    # the verb, a date's capital, a passive, or the doer asked
    for said in (
        "Queen Mara fled to the coast in 1204.",
        "Queen Mara and Lord Osric fled to the coast in 1204.",
        "She fled to the coast in 1204.",
        "Troops fled to the coast in 1204.",
        "The crew on Sunday fled to the coast.",
    ):
        assert not _another(question, said), said
    assert not _another("When did Queen Mara abandon Harwick?", "Harwick was abandoned in 1204.")
    assert not _another("Who deserted Lord Osric?", "Queen Mara deserted the coast.")
    # nor for a verb of saying: a spokesman speaks for the body the question names
    assert not _another("What did the Harwick Council announce?", "Jon Marr announced a road.")
    assert _another("What did the Harwick Council build?", "Jon Marr built a road.")


def test_a_close_spelling_of_the_party_is_the_party() -> None:
    question = "When did Mara Velt flee to the coast?"
    assert _another(question, "In 1210 Mara Veldt fled to the coast.")
    assert not _another(question, "In 1210 Mara Veldt fled to the coast.", "veldt")


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("Who coaches the chess club?", "coaches"),
        ("Who will captain the side next season?", "captain"),
        ("Who would chair the inquiry?", "chair"),
        ("who manages the new ward", "manages"),
    ],
)
def test_a_role_s_holder_asked_reads_the_verb(question: str, verb: str) -> None:
    assert r.holder_verb(words(question)) == verb


@pytest.mark.parametrize(
    "question",
    [
        "Who coached the chess club?",  # a past event's doer, told in many verbs
        "Who ruled the town in 1204?",
        "Who is the coach?",
        "Who will be the next coach?",
        "Who has the keys?",
        "Who does the cooking?",
        "Which coach leads the club?",
        "Whose ships sank?",
    ],
)
def test_other_questions_ask_no_role_s_holder(question: str) -> None:
    assert r.holder_verb(words(question)) == ""
