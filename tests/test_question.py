"""Question cues: answer types, definition targets, acronyms, names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import postings
from bot.answering import evidence
from bot.answering.analysis import analyse, cue_set
from bot.answering.facts import Sentence
from bot.answering.question import (
    article_topic,
    class_asked,
    cues,
    focus_head,
    folded,
    measured,
    past_verb,
)
from bot.answering.written import capitalised, uppercase_words
from bot.cues import DATE, MEMBER, MONEY, NAME, NUMBER, PERSON, PLACE, UNIT, cues_in
from bot.postings import acronyms
from bot.rules import RuleSettings


def has_cue(sentence: str, kind: str, question: str = "") -> bool:
    """Whether `sentence` holds what `question` asks for, read as a question of type `kind`."""
    read = analyse(question, RuleSettings())
    cues = cue_set(kind, read.required.units is not None, read.money, read.required.any_unit)
    analysis = read._replace(answer_type=kind, cue_set=cues)
    return evidence.has_cue(analysis, Sentence(sentence, frozenset(), cues_in(sentence)))


def measure_units(question: str) -> re.Pattern[str] | None:
    return analyse(question, RuleSettings()).units


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many people have fled Ukraine?", NUMBER),
        ("When did Khan announce the investigation?", DATE),
        ("In what year was the duchy founded?", DATE),
        ("Who took the photo?", PERSON),
        ("Where is the court based?", PLACE),
        ("What country did the Normans invade?", MEMBER),
        ("In which city is the court?", PLACE),
        ("What did the Kremlin say?", ""),
    ],
)
def test_answer_types(question: str, kind: str) -> None:
    assert cues(question).answer_type == kind


def test_definition_targets_are_short_noun_phrases() -> None:
    assert cues("Who is Peskov?").target == "peskov"
    assert cues("What is the ICC?").target == "icc"
    assert cues("Who is the prosecutor of the International Criminal Court?").target == ""


def test_sentence_cues() -> None:
    assert has_cue("Nearly 660,000 people have fled.", NUMBER)
    assert not has_cue("People have fled.", NUMBER)
    assert has_cue("The Kremlin said Tuesday it denies.", DATE)
    assert has_cue("said spokeswoman Shabia Mantoo.", PERSON, "who is the spokeswoman?")
    assert not has_cue("said the UN in Ukraine.", PERSON, "who is the spokeswoman?")


def test_acronyms_come_from_capitalised_runs_and_their_sub_runs() -> None:
    found = acronyms(
        [
            "Prosecutor of the International Criminal Court said.",
            "sanctioned by the European Union on Monday",
        ]
    )
    assert "International Criminal Court" in found["icc"]
    assert "European Union" in found["eu"]


# The definition the acronyms' pattern starts from its capital and takes possessively.
PLAIN_CAPITALISED_RUN = re.compile(
    r"\b[A-Z][\w'’-]*(?:\s+(?:of|for|the|and|on|de|du|des)?\s*[A-Z][\w'’-]*)+"
)


@given(
    st.lists(
        st.sampled_from(
            ["Bank", "of", "the", "England", "x", "É", "'", "’s", "-", "_", "1", " ", "\n", ".", "A"]
        ),
        max_size=14,
    )
)
def test_the_acronyms_runs_are_the_plain_patterns(parts: list[str]) -> None:
    text = "".join(parts)
    fast = postings._CAPITALISED_RUN
    assert [m.span() for m in fast.finditer(text)] == [
        m.span() for m in PLAIN_CAPITALISED_RUN.finditer(text)
    ]


@given(st.text(max_size=30))
def test_the_acronyms_runs_in_any_text(text: str) -> None:
    fast = postings._CAPITALISED_RUN
    assert [m.span() for m in fast.finditer(text)] == [
        m.span() for m in PLAIN_CAPITALISED_RUN.finditer(text)
    ]


def test_a_capitalised_word_alone_is_no_run() -> None:
    # made up: "Harbour" and "Tuesday" stand alone, "Port of Tromsø Authority" is one run
    text = "Harbour crews said on Tuesday that the Port of Tromsø Authority agreed."
    assert postings._CAPITALISED_RUN.findall(text) == ["Port of Tromsø Authority"]


def test_capitalised_words_are_names_unless_the_whole_question_shouts() -> None:
    assert capitalised("What did Joe Biden say?") == {"joe", "biden"}
    assert capitalised("WHEN DID KHAN ANNOUNCE IT?") == frozenset()
    assert capitalised("What Is The Capital?") == frozenset()


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Who wrote the story about the tidal turbines?", "the tidal turbines"),
        ("When was the article on the frost published?", "the frost published"),
        ("Who took the photo of the rescue helicopter?", "the rescue helicopter"),
        ("Who wrote the article?", ""),
        ("What is the story?", ""),
    ],
)
def test_article_topic(question: str, topic: str) -> None:
    assert article_topic(question) == topic


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("What kind of arches does Norman architecture have?", "arches"),
        ("Which news agencies is the photo credited to?", "news agencies"),
        ("In what country is Normandy located?", "country"),
        ("What did Peskov say?", ""),
        ("What is the ICC?", ""),
        ("Who took the photo?", ""),
        ("Which team won the cup?", "team"),  # not the verb after the noun
        ("Which ferry am I on?", "ferry"),  # "am" is "be", as "is" in "Which ferry is it on?"
        ("Which ferry is Ann on?", "ferry"),
    ],
)
def test_focus_is_the_noun_naming_the_answers_kind(question: str, focus: str) -> None:
    assert cues(question).focus == focus


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("And which engineer opened the bridge?", "engineer"),  # after a conjunction
        ("In the survey, which researcher is from the college?", "researcher"),  # a phrase
        ("Note: at the fair, what prize did the baker win?", "prize"),
        ("Pupils from which schools took part?", "schools"),  # after a preposition
        ("In 2019, in which town did the fair open?", "town"),
        ("Which of the club's founders opened the hall?", "founders"),  # "which of the Ns"
        ("Which of the old mills burned?", "old mills"),
        ("Of the three ferries, which sank first?", "ferries"),  # "of the Ns, which"
        ("Among these painters, which sold most?", "painters"),
        ("So which anti-war candidate lost?", "candidate"),  # past a hyphened modifier
        ("Which co-pilot landed the plane?", "co-pilot"),  # a hyphened noun is the noun
    ],
)
def test_focus_is_read_inside_a_question(question: str, focus: str) -> None:
    assert cues(question).focus == focus


@pytest.mark.parametrize(
    "question",
    [
        "Did the law which banned dogs pass?",  # a relative "which" after a noun
        "Is the ferry, which sank in May, insured?",  # ... in a yes/no question
        "Where is the barn, which burned?",  # the question asks "where", not "which"
        "Where is the house in which he lived?",  # "in which" before a pronoun
        "What happened to the ferry?",  # "what" is no determiner: a verb follows
        "Tell me what the mayor said.",  # ... an article follows
        "What is the name of the dog?",
        "And what makes the lake so green?",  # ... a verb and its object
        "What of it?",
        "Which is it?",
        "Of the ferries which sank, which was oldest?",  # no noun before "which"
    ],
)
def test_no_focus_where_what_or_which_is_no_determiner(question: str) -> None:
    assert cues(question).focus == ""


# -- the head of "which N": the focus phrase's noun, read once with the question's cues ------


def head(question: str) -> str:
    """The head as the answer path reads it: the analysis's, made from the cues'."""
    found = analyse(question, RuleSettings()).head
    assert found == cues(question).head
    return found


def test_the_head_of_which_n_is_the_last_noun_of_its_phrase() -> None:
    assert head("Which Danish museum bought the painting?") == "museum"
    assert head("What major conquest did the duke take part in?") == "conquest"
    assert head("Which news agency broke the story?") == "agency"
    assert head("Which news agencies is the photo credited to?") == "agencies"  # "is": no verb
    assert head("Which old stone bridge was rebuilt?") == "bridge"  # the third word
    assert head("Which baker won?") == "baker"  # one word: itself
    # the analysis's words cut possessives: the question says where the phrase stands
    assert focus_head("culture arrival in", folded("What culture's arrival in Oslo?")) == "culture"
    assert head("What culture's arrival in Oslo changed the town?") == "culture"


def test_the_head_stops_before_a_preposition_an_adverb_or_a_verb() -> None:
    assert head("Which museum in New York bought the painting?") == "museum"
    assert head("Which ferry from Dover sank?") == "ferry"  # a preposition
    assert head("What river originally marked the border?") == "river"
    assert head("Which lighthouse keeper quietly left the island?") == "keeper"  # an adverb
    assert head("Which bus company runs the night line?") == "company"  # "runs the": a verb
    assert head("Which river flows through the town?") == "river"
    assert head("Which bus routes go to the airport?") == "routes"  # a plural, then its verb
    # must not fire: an adjective in -ous is no plural ("dangerous": its stem is "danger")
    assert head("What dangerous task was the cook given?") == "task"


def test_a_possessive_or_a_category_word_is_not_the_head() -> None:
    assert head("Which city's main square was flooded?") == "city"  # a city is asked
    assert head("Which village's old mill burned down?") == "village"
    assert head("What architecture type came after the Gothic?") == "architecture"
    assert head("What pastry kind won the prize?") == "pastry"
    assert head("What kind of arches are there?") == "arches"  # "kind of": the noun after


def test_no_head_without_a_focus() -> None:
    # must not fire: no "what / which N" (the focus reader's own must-not cases)
    assert head("What happened next?") == ""
    assert head("Who opened the bridge?") == ""
    assert head("Did the law which banned dogs pass?") == ""  # a relative "which"
    assert head("What did the mayor say?") == ""
    assert focus_head("", "what happened next") == ""
    # a news agency, not "news": a stem keeping its -s is no plural before its verb
    assert head("Which news agency broke the story?") != "news"


def cue_set_of(question: str) -> frozenset[str]:
    return analyse(question, RuleSettings()).cue_set


def test_the_cues_that_alone_show_the_type_are_read_once_with_the_question() -> None:
    assert cue_set_of("When did the ferry sail?") == {DATE}
    assert cue_set_of("Where did the choir sing?") == {PLACE}
    assert cue_set_of("How many lambs were born?") == {NUMBER}
    assert cue_set_of("How much did the roof repair cost?") == {NUMBER, MONEY}
    assert cue_set_of("How big is the crater?") == {NUMBER, UNIT}  # any unit
    # must not: the sentence's text decides (degrees, a person, a class member, a name)
    assert cue_set_of("How cold did the lake get?") == frozenset()
    assert cue_set_of("Who built the mill?") == frozenset()
    assert cue_set_of("Which country sent the choir?") == frozenset()
    assert cue_set_of("What do the villagers call the hill?") == frozenset()
    assert cue_set_of("Why did the mill close?") == frozenset()  # no type asked
    # what they say of a sentence: a sum for "cost", not any number
    sentence = "The roof repair cost 12,000 euros."
    assert has_cue(sentence, NUMBER, "How much did the roof repair cost?")
    assert not has_cue("The roof has 12,000 tiles.", NUMBER, "How much did the roof repair cost?")


def test_regnal_numbers_are_part_of_a_name() -> None:
    assert has_cue("under Richard I of Normandy it was forged", PERSON, "Who ruled the duchy?")
    assert not has_cue("under the duke it was forged", PERSON, "Who ruled the duchy?")


def test_plural_place_words_ask_for_a_place() -> None:
    assert cues("In which cities did it snow?").answer_type == PLACE
    assert cues("Which towns were flooded?").answer_type == PLACE


@pytest.mark.parametrize(
    ("question", "sentence", "other"),
    [
        ("From which countries did the Norse originate?", "from Denmark and Norway", "Norse raids"),
        ("What religion were the Normans?", "the Catholic orthodoxy", "the Norse religion"),
        ("In what language did he write?", "He wrote in Latin.", "He wrote a lot."),
        ("What part of France is Normandy in?", "in the north of France", "the rest of France"),
    ],
)
def test_a_closed_class_question_wants_a_member_of_the_class(
    question: str, sentence: str, other: str
) -> None:
    assert cues(question).answer_type == MEMBER
    assert has_cue(sentence, MEMBER, question)
    assert not has_cue(other, MEMBER, question)


def test_class_words_must_ask_for_the_class() -> None:
    for question in ("Which partners signed?", "What side effects were found?", "Who is Chad?"):
        assert class_asked(question) is None
    assert not has_cue("a turkey and a chad", MEMBER, "Which country joined?")  # capitals only
    assert has_cue("Turkey joined", MEMBER, "Which country joined?")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How many soldiers have died in Ukraine?", "soldiers"),
        ("How many new bicycles will Leeford get?", "new bicycles"),
        ("Who is the president of Nigeria?", "president"),
        ("What is the price of an electric car?", "price"),
        ("What is the weather in Geneva?", "weather"),
        ("What was the name of Tancred's nephew?", ""),
        ("How many did they save?", ""),
        ("Who took the photo?", ""),
        # the question's verb after the counted noun is not part of it
        ("How many sheep escaped from the farm?", "sheep"),
        ("How many pupils left the school?", "pupils"),
        ("How many hikers were rescued?", "hikers"),
        # must not cut: a noun after a noun, or an adjective before one
        ("How many hospital beds are empty?", "hospital beds"),
        ("How many injured climbers were found?", "injured climbers"),
        ("How many police officers went?", "police officers"),
    ],
)
def test_asked_is_what_is_counted_or_whose_holder_is_asked(question: str, asked: str) -> None:
    assert cues(question).asked == asked


def test_a_past_verb_is_read_from_its_ending_or_as_an_irregular_form() -> None:
    assert past_verb("escaped") and past_verb("left") and past_verb("taken")
    assert not past_verb("speed") and not past_verb("women") and not past_verb("bed")
    assert not past_verb("were") and not past_verb("officers")


def test_what_is_x_called_asks_a_name_not_a_definition() -> None:
    assert cues("What is the beetle called?").target == ""
    assert cues("What is the beetle called?").answer_type == NAME
    assert cues("What is the ICC?").target == "icc"


def test_a_cost_question_wants_a_sum_of_money() -> None:
    question = "How much did the project cost?"
    assert has_cue("The project cost £380,000.", NUMBER, question)
    assert has_cue("The ward cost 11 million euros.", NUMBER, question)
    assert not has_cue("It published 4,000 historic maps.", NUMBER, question)
    assert has_cue("It published 4,000 historic maps.", NUMBER, "How many maps?")


def test_a_measure_question_wants_a_number_with_its_unit() -> None:
    assert cues("How cold did it get?").answer_type == NUMBER
    assert cues("How tall are the turbines?").answer_type == NUMBER
    assert has_cue("Temperatures fell to minus five degrees.", NUMBER, "How cold did it get?")
    assert has_cue("a 14-year-old schoolboy", NUMBER, "How old is the champion?")
    assert not has_cue("Three turbines began on Monday.", NUMBER, "How tall are the turbines?")


@pytest.mark.parametrize(
    ("question", "sentence", "answers"),
    [
        ("How cold did it get?", "Temperatures fell to minus five degrees Celsius.", True),
        ("How cold did it get?", "She has grown apples for thirty years.", False),
        ("How hot was it?", "It reached 35°C in the shade.", True),
        (
            "How tall are the turbines?",
            "The turbines, each 18 metres tall, sit in a channel.",
            True,
        ),
        ("How tall are the turbines?", "The turbines cost 14 million pounds.", False),
        ("How fast is the current?", "The current reaches nine knots.", True),
        ("How long did the climb take?", "Rescuers climbed for six hours.", True),
        ("How old are the maps?", "The collection includes maps from the 1840s.", True),
        ("How much electricity do they make?", "Together they generate 2.4 megawatts.", True),
        ("How much electricity do they make?", "Three turbines began sending electricity.", False),
        ("How much land does she farm?", "She farms 12 hectares near Arreau.", True),
    ],
)
def test_a_measure_wants_a_unit_of_its_dimension(
    question: str, sentence: str, answers: bool
) -> None:
    """ "How cold" is answered by degrees, not by "thirty years"; "how much electricity" by
    watts, not by a count of turbines."""
    assert has_cue(sentence, NUMBER, question) is answers


def test_an_amount_of_a_substance_is_a_measure() -> None:
    assert measured("How much electricity can the turbines produce?") == "electricity"
    assert measured("How much rain fell?") == "rain"
    assert measured("How much did the project cost?") == ""
    assert measure_units("How big is the beetle?") is None  # no units of its own: any unit
    assert has_cue("It is 3 millimetres long.", NUMBER, "How big is the beetle?")


def test_the_holder_of_a_role_is_what_follows_of() -> None:
    assert cues("Who is the president of Nigeria?").holder == "nigeria"
    assert cues("Who is the president of Russia's central bank?").holder == "russia's central bank"
    assert cues("Who is the president?").holder == ""


def test_a_decade_is_a_date() -> None:
    assert has_cue("Norman mercenaries served there in the 1060s.", DATE)


def test_a_part_of_the_day_answers_what_time() -> None:
    assert cues("What time did the avalanche happen?").answer_type == DATE
    assert has_cue("The avalanche swept across the trail in the afternoon.", DATE)
    assert not has_cue("The avalanche swept across the trail.", DATE)


def test_a_dotted_abbreviation_is_one_capitalised_word() -> None:
    assert uppercase_words("Did the U.S. or the EU pay?")[0] == {"us", "eu"}
    assert capitalised("Did the U.S. envoy meet Lena Berg?") == {"us", "lena", "berg"}
    assert "u" not in capitalised("What did the U.K. ferry carry?")


def test_an_acronym_with_a_small_plural_s_is_told_apart() -> None:
    capitals, plurals = uppercase_words("Which NGOs and MPs spoke to SARS experts?")
    assert (capitals, plurals) == ({"ngos", "mps", "sars"}, {"ngos", "mps"})
    capitals, plurals = uppercase_words("What did TASS say? Was CERN open?")
    assert capitals == {"tass", "cern"} and plurals == frozenset()  # must not fire
    assert uppercase_words("WHICH NGOS SPOKE?") == (frozenset(), frozenset())  # all shouted


def test_the_pronoun_us_is_no_question_word_but_the_us_is() -> None:
    assert "us" not in analyse("Can you tell us who repaired the pier?", RuleSettings()).words
    assert "us" in analyse("Who did the US envoy meet?", RuleSettings()).words
    assert "us" in analyse("Who did the U.S. envoy meet?", RuleSettings()).words


def test_a_count_is_read_from_the_folded_text_as_the_short_answer_reads_it() -> None:
    # full-width letters, an accent, doubled spaces: "how many" once folded, for the
    # analysis (the ranking's count) and its short answer alike
    for question in (
        "Ｈｏｗ ｍａｎｙ ferries sail daily?",
        "Hów many ferries sail daily?",
        "How  many ferries sail daily?",
    ):
        read = analyse(question, RuleSettings())
        assert read.counts and read.short is not None and read.short.counts
    # must not fire: a measure, not a count
    read = analyse("How much does the ferry cost?", RuleSettings())
    assert not read.counts and read.short is not None and not read.short.counts


def test_who_is_in_the_photo_is_read_from_the_folded_text() -> None:
    # a curly apostrophe, doubled spaces, no-break spaces: still who is shown, not a credit
    for question in (
        "Who’s in the picture of the parade?",
        "Who  is  in the picture of the parade?",
        "Who\u00a0is\u00a0in the picture of the parade?",
    ):
        assert not analyse(question, RuleSettings()).who_did
    # must not fire: who took it is a credit
    assert analyse("Who took the picture of the parade?", RuleSettings()).who_did


def test_the_class_and_the_units_are_read_once_for_the_short_answer_too() -> None:
    # one record, the analysis's: its short answer reads the same object
    for question, members, units in (
        ("Which countries joined the ferry pact?", True, False),
        ("How cold was the lake in May?", False, True),
        ("How big is the new ferry?", False, False),  # any unit
        ("When did the ferry sail?", False, False),  # must not: nothing required
    ):
        read = analyse(question, RuleSettings())
        assert read.short is not None and read.short.required is read.required
        assert (read.required.members is not None) is members
        assert (read.required.units is not None) is units
    assert analyse("How big is the new ferry?", RuleSettings()).required.any_unit
    assert not analyse("When did the ferry sail?", RuleSettings()).required.any_unit


def test_holds_any_tells_whether_a_needle_is_in_the_text() -> None:
    from bot.answering.question import holds_any

    assert holds_any("where did the ferry dock", ("when", "where"))
    assert not holds_any("who painted the barn red", ("when", "where"))
    assert not holds_any("anything", ())


def _sieved() -> list[tuple[str, tuple[str, ...], re.Pattern[str]]]:
    """Each pattern searched only when its text holds a needle (cost round C), with them."""
    from bot.answering import answer_types, short_asked
    from bot.answering import question as q

    found = [(kind, needles, pattern) for kind, needles, pattern in q._TYPE_PATTERNS]
    found += [
        ("member", ("what ", "which "), q._MEMBER_ASKED),
        ("measure", ("how ",), q._MEASURE),
        ("money", q._MONEY_WORDS, q._ASKS_MONEY),
        ("about", q._ABOUT_WORDS, q._ABOUT),
        ("percent", ("what ",), answer_types._PERCENT_ASKED),
        ("duration", ("how long",), answer_types._DURATION_ASKED),
        ("count", ("how many ",), answer_types._COUNT_ASKED),
        ("named", ("name",), answer_types._NAME_ASKED),
        ("costs", short_asked._COST_WORDS, short_asked._COSTS),
        ("year", (" year",), short_asked._YEAR_ASKED),
        ("share", ("what ",), short_asked._SHARE),
    ]
    return found


_WORDS = (
    "what which when who whom whose where how many much long tall old year date country "
    "city called call names name of is was did the a price cost fee fees fare budget photo "
    "story article report piece news picture image about percentage share kind in paid for"
).split()


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=9))
def test_a_sieved_pattern_matches_only_where_a_needle_is(words: list[str]) -> None:
    # The needles must be in every match, or skipping the search would change an answer.
    text = " ".join(words)
    for kind, needles, pattern in _sieved():
        if pattern.search(text):
            assert any(n in text for n in needles), (kind, text)


def test_sieved_cues_read_the_same_types_as_before() -> None:
    # invented questions, not from any set: each type, and none
    assert cues("When will the new bridge open?").answer_type == DATE
    assert cues("Which person signed the lease?").answer_type == PERSON
    assert cues("In what city did the band form?").answer_type == PLACE
    assert cues("How many goats did the farm sell?").answer_type == NUMBER
    assert cues("Why did the orchestra cancel the tour?").answer_type == ""
    assert class_asked("Why did the orchestra cancel the tour?") is None
    assert measured("Why did the orchestra cancel the tour?") == ""
    assert article_topic("Why did the orchestra cancel the tour?") == ""
    assert article_topic("Who wrote the story about the flooded mill?") == "the flooded mill"
