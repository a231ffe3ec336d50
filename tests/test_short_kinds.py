"""Short answers of "which N" and "what did S do" questions, sums, reasons and quotes
(bot/answering/short*.py): each rule on sentences written for these tests (from no question
set), with the cases where it must not fire."""

from __future__ import annotations

import pytest

from bot.answering.question import MEASURES
from bot.answering.short import read
from bot.answering.short_asked import (
    HOW_MANY,
    PURPOSE,
    SAID,
    SHOWN,
    WHO,
    YES_NO,
    _role,
)
from bot.answering.short_clauses import (
    causes,
    opening_clause,
    purposes,
    quotes,
    reasons,
    reported,
    results,
)
from bot.answering.short_phrases import shares
from bot.answering.short_rules import agent, echoes, noun_phrase, superseded
from bot.answering.short_score import instance
from bot.answering.short_tokens import QUOTE, Span, text_of, tokenize
from bot.cues import DIMENSION_UNITS
from bot.text import analyze, term
from tests.answering_kit import asking


def short(question: str, *sentences: str) -> str | None:
    found = read(asking(question), sentences, frozenset(analyze(question))).short
    return found.text if found else None


def lacks(question: str, *sentences: str) -> bool:
    return read(asking(question), sentences, frozenset(analyze(question))).lacks_type


def at(sentence: str, *words: str) -> set[int]:
    return {k for k, t in enumerate(tokenize(sentence)) if t.word in words}


def span_of(sentence: str, phrase: str, kind: str = "named") -> Span:
    tokens = tokenize(sentence)
    first = next(k for k, t in enumerate(tokens) if sentence[t.start :].startswith(phrase))
    last = next(k for k, t in enumerate(tokens) if t.end == sentence.index(phrase) + len(phrase))
    return Span(first, last, kind)


# -- one of the kind asked: "diseases such as X", "X, the largest lake", "the University of X"


@pytest.mark.parametrize(
    ("sentence", "phrase", "noun", "expected"),
    [
        ("Doctors said diseases such as measles closed the school.", "measles", "diseases", True),
        ("The team crossed Windermere, the largest lake in England.", "Windermere", "lake", True),
        (
            "She was hired by the University of Leeds last year.",
            "University of Leeds",
            "university",
            True,
        ),
        # must not fire: no "such as", no determiner after the comma, the noun not the name's head
        ("Doctors said diseases and measles closed the school.", "measles", "diseases", False),
        ("The team crossed Windermere, near a lake in England.", "Windermere", "lake", False),
        (
            "It went to the Air Museum John Smith Hall in May.",
            "Air Museum John Smith Hall",
            "museum",
            False,
        ),
    ],
)
def test_instance_of_the_kind_asked(sentence: str, phrase: str, noun: str, expected: bool) -> None:
    tokens = tokenize(sentence)
    assert instance(span_of(sentence, phrase), tokens, at(sentence, noun)) is expected


def test_which_question_takes_the_instance_over_words_next_to_the_noun() -> None:
    assert (
        short(
            "Which disease closed the school?",
            "Officials said the spread of diseases such as measles closed the school.",
        )
        == "measles"
    )
    assert (
        short(
            "Which lake did the swimmers head for?",
            "The swimmers set out at dawn towards Windermere, the largest lake in England.",
        )
        == "Windermere"
    )


def test_the_kind_noun_is_beside_its_modifier_not_across_a_preposition() -> None:
    # "bridge in central Leeds": "central" is in another phrase; "wooden" modifies the bridge
    assert (
        short(
            "Which bridge was closed in Leeds?", "Police closed the wooden bridge in central Leeds."
        )
        == "wooden"
    )


# -- sums: "what does it cost" asks a sum; "from X to Y" gives the new figure


def test_a_changed_figure_gives_way_to_the_new_one() -> None:
    sentence = "Tickets will rise from $4 to $5, the council said."
    assert short("How much will a ticket cost?", sentence) == "$5"
    tokens = tokenize(sentence)
    assert superseded(span_of(sentence, "$4", "number"), tokens)
    assert not superseded(span_of(sentence, "$5", "number"), tokens)
    other = "Visitors from 20 countries paid to see it."  # must not fire: no figure after "to"
    assert not superseded(span_of(other, "20", "number"), tokenize(other))


def test_cost_asked_with_what_is_a_sum_but_not_decline_evidence() -> None:
    assert (
        short("What does a ticket cost?", "A ticket costs $5, and about 300 people bought one.")
        == "$5"
    )
    assert not lacks("What does a ticket cost?", "Tickets are sold at the door every day.")
    assert lacks("How much does a ticket cost?", "Tickets are sold at the door every day.")


# -- the verb whose object answers: past a particle, an object noun, a prepositional phrase


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("What did the club give back?", "give"),
        ("What did the company offer the girl?", "offer"),
        ("Which song did the choir sing at the festival?", "sing"),
        ("What did she sacrifice?", "sacrifice"),  # must not change: the last word is the verb
        ("What did the girl find?", "find"),
        ("What did the choir sing at the spring festival?", "sing"),  # an adjective in it
        ("What did the old dog die from?", "die"),  # a preposition left at the end
        # must not fire: the subject's determiner ("did the girl") is no closing phrase
        ("Which song did the girl sing at the festival?", "sing"),
        ("What did the girl give the boy?", "give"),
        ("What did the village do with it?", ""),  # "do": no verb of its own
        ("What should the climbers bring?", "bring"),  # any modal, as "did" or "will"
        ("Which tool might the crew need?", "need"),
        ("What was the ferry called?", ""),  # must not fire: "be" is a copula or a passive
    ],
)
def test_object_verb(question: str, verb: str) -> None:
    assert asking(question).verb == term(verb)  # as the question's analysis reads it


def test_the_object_after_the_verb_answers() -> None:
    sentence = "The club, shaken by the scandal, gave the trophy back in May."
    assert short("What did the club give back?", sentence) == "trophy"


# -- reasons: "as" before a negated subject; quotes: not the one repeating the question


def test_as_before_neither_gives_a_reason() -> None:
    sentence = "The match was called off as neither team could reach the ground."
    tokens = tokenize(sentence)
    assert [text_of(sentence, tokens, s) for s in reasons(tokens, sentence)] == [
        "neither team could reach the ground"
    ]
    role = "She spoke as chairwoman of the board."  # must not fire: a role
    assert reasons(tokenize(role), role) == []


def test_a_quote_repeating_the_question_gives_way_to_another() -> None:
    sentence = 'She said the "budget cuts" were "a painful necessity for the town".'
    assert short("What did the mayor say about the budget cuts?", sentence) == (
        "a painful necessity for the town"
    )
    tokens = tokenize(sentence)
    asked = frozenset(analyze("What did the mayor say about the budget cuts?"))
    assert echoes(span_of(sentence, "budget cuts", QUOTE), tokens, asked)
    assert not echoes(span_of(sentence, "a painful necessity for the town", QUOTE), tokens, asked)
    alone = 'She said the "budget cuts went too far".'  # the only quote is still the answer
    assert short("What did the mayor say about the budget cuts?", alone) == (
        "budget cuts went too far"
    )


# -- "say it is V-ing" asks what is done, not what is said; "What ... for?" asks a purpose


def test_said_with_a_clause_asks_its_object() -> None:
    assert asking("What did the minister say he would cut?").worded != SAID
    assert asking("What did the minister say about the cuts?").worded == SAID
    sentence = 'The minister, who called it "a fair plan", said he would cut bus subsidies in May.'
    assert short("What did the minister say he would cut?", sentence) == "bus subsidies"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "What do farmers use the drones for?",
            "Farmers use the drones to count sheep on the hills, a survey found.",
            "to count sheep",
        ),
        (
            "What did the council vote for?",
            "The council voted on Monday to close the pool after a long debate.",
            "to close the pool",
        ),
    ],
)
def test_purpose(question: str, sentence: str, expected: str) -> None:
    assert asking(question).worded == PURPOSE
    assert short(question, sentence) == expected


def test_purpose_must_not_fire() -> None:
    # a noun asked ("what tradition"), or "to" before a place or a noun phrase
    assert asking("What tradition was the town known for?").worded != PURPOSE
    sentence = "The monks fled to southern Italy, and later to the coast."
    assert purposes(tokenize(sentence), sentence) == []


# -- the question names the answer's kind: "In what century" (the answer drops "century"),
# -- "Who was the X leader?" (the answer stands by "leader")


def test_a_date_drops_the_unit_the_question_names() -> None:
    sentence = "The bridge was first built in the 14th century by monks."
    assert short("In what century was the bridge built?", sentence) == "14th"
    assert short("When was the bridge built?", sentence) == "14th century"  # must not fire


def test_who_was_the_role() -> None:
    # without the role, the quoted name next to "Danish" wins: "Jute"
    sentence = 'Most of them were Danish ("Jute" was their own word) sailors who, under their captain Harald, sailed west.'
    assert short("Who was the Danish captain?", sentence) == "Harald"
    assert _role("who was the danish captain?") == frozenset({term("captain")})
    assert _role("who is in the photo?") == frozenset()  # must not fire: a place, not a role


# -- round 12b: a share written as a fraction or a ratio; causes after "over fears",
# -- "on the grounds that", "in a bid to", and a purpose after "so they could"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "What share of the town's adults own a car?",
            "Almost half of all adults in the town own a car, the survey found.",
            "Almost half",
        ),
        (
            "What share of the farms were flooded?",
            "In the second half of the year 40 farms were flooded, a third of the total.",
            "a third",  # not "the second half" (a time), nor "40 farms" (a count)
        ),
        (
            "What share of the pupils passed?",
            "Some 9 out of every 10 pupils passed.",
            "Some 9 out of every 10",
        ),
        (
            "What percentage of the salt is iodised?",
            "Only 10 per cent of the salt sold is iodised.",
            "10 per cent",
        ),
        (
            "What share of visits came from abroad?",
            "One in three visits came from abroad.",
            "One in three",
        ),
    ],
)
def test_a_share_is_a_fraction_or_a_ratio(question: str, sentence: str, expected: str) -> None:
    assert short(question, sentence) == expected


def test_a_share_must_not_fire() -> None:
    # no share in the sentence: a count or a year is none, and no short answer is given
    assert short("What share of the pupils passed?", "Three pupils passed in 2019.") is None
    assert (
        short("What share of the pupils passed?", "Of the 1,200 pupils tested, most passed.")
        is None
    )
    # a count is asked: the fraction is not taken for it
    assert short("How many pupils passed?", "Half of the 1,200 pupils passed.") == "1,200"
    # an ordered part is no share, nor a ratio's second number a year
    sentence = "Three in 2019 and the first quarter of the season were lost."
    assert shares(tokenize(sentence), sentence) == []


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "Why did the club cancel the match?",
            "The club cancelled the match over fears of crowd trouble.",
            "fears of crowd trouble",
        ),
        (
            "Why was the permit refused?",
            "The council refused the permit on the grounds that the tower would block the view.",
            "the tower would block the view",
        ),
        (
            "Why did the mayor visit the school?",
            "The mayor visited the school in a bid to calm parents.",
            "calm parents",
        ),
        (
            "Why did the family move to Oslo?",
            "The family moved to Oslo when she was six so they could be closer to her clinic.",
            "they could be closer to her clinic",
        ),
    ],
)
def test_more_words_of_cause(question: str, sentence: str, expected: str) -> None:
    assert short(question, sentence) == expected


def test_words_of_cause_must_not_fire() -> None:
    # "so" before a result, "over" before a place, the grounds of a castle: no cause
    assert (
        short(
            "Why did the family move to Oslo?", "The family moved to Oslo, so they sold the farm."
        )
        is None
    )
    assert (
        short(
            "Why did the club cancel the match?",
            "The club cancelled the match, and fans ran over the fields.",
        )
        is None
    )
    assert (
        short("Why was the fair held there?", "The fair was held on the grounds of the castle.")
        is None
    )


# -- round 12b: an age written before its number ("aged 14", "at age seventeen")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Holt was born in Rome. She moved to Leeds aged 12 and trained as a nurse.", "aged 12"),
        ("In 1990, at age seventeen, she moved to Leeds.", "age seventeen"),
        ("At the age of 12, Holt moved to Leeds.", "age of 12"),
    ],
)
def test_an_age_written_before_its_number(sentence: str, expected: str) -> None:
    assert short("How old was Maria Holt when she moved to Leeds?", sentence) == expected


def test_an_age_must_not_fire() -> None:
    # the question names the age: the number alone; a number with no age word is no age
    assert (
        short("At what age did Maria Holt move to Leeds?", "Holt moved to Leeds aged 12.") == "12"
    )
    question = "How old was Maria Holt when she moved to Leeds?"
    old = asking(question)
    assert old.required.units is DIMENSION_UNITS[MEASURES["old"]]  # read by the analysis
    found = read(old, ("Holt moved to Leeds with 12 friends.",), frozenset(analyze(question)))
    assert found.short is None
    found = read(old, ("Holt moved to Leeds aged 12.",), frozenset(analyze(question)))
    assert found.short is not None and found.short.text == "aged 12"
    # "how big" asks a measure with a unit of any dimension: a bare number is none
    assert short("How big is the new reservoir?", "Built by 3 firms, it covers 40 hectares.") == (
        "40 hectares"
    )
    assert short("How big is the new reservoir?", "The reservoir was built by 3 firms.") is None
    # the teens and tens are numbers too, for counts
    assert (
        short("How many workers lost their jobs?", "Some sixty workers lost their jobs.")
        == "Some sixty"
    )


# -- speech before its speaker, and a quotation over two sentences ------------------------


def test_the_speech_stands_before_a_say_verb_that_precedes_its_speaker() -> None:
    sentence = (
        "The old bridge will close for a year, which worries shop owners, said the city's chief"
        " planner, Nora Vik."
    )
    assert short("What did the chief planner say about the bridge?", sentence) == (
        "The old bridge will close for a year, which worries shop owners"
    )  # not the speaker the question names back ("the city's chief planner, Nora Vik")
    quoted = '"It was the right choice," said Tomas Berg, who chaired the jury.'
    assert short("What did Tomas Berg say?", quoted) == "It was the right choice"


def test_a_say_verb_after_its_subject_keeps_the_speech_after_it() -> None:
    # must not fire: a comma that closes the subject's clause, or a clause after "said"
    sentence = "Ana Ruiz, who runs the market, said the stalls would move to the square."
    assert short("What did Ana Ruiz say about the stalls?", sentence) == (
        "the stalls would move to the square"
    )
    tokens = tokenize(sentence)
    assert reported(tokens, sentence) == [
        span_of(sentence, "the stalls would", QUOTE)._replace(last=len(tokens) - 1)
    ]
    clause = "Sales fell in May, said it would hire fewer staff."  # "said it": a clause follows
    assert [text_of(clause, tokenize(clause), s) for s in reported(tokenize(clause), clause)] == [
        "it would hire fewer staff"
    ]


def test_a_quotation_running_over_two_sentences() -> None:
    opening = '"For years the river was our enemy.'
    assert short("What did the farmer say about the river?", opening) == (
        "For years the river was our enemy"
    )
    closing = 'Now it feeds the fields," said the farmer.'
    tokens = tokenize(closing)
    assert [text_of(closing, tokens, s) for s in quotes(tokens, closing)] == [
        "Now it feeds the fields"
    ]
    # must not fire: a closed quotation is taken alone, and a sentence without marks has none
    closed = 'He called it "a fair plan" on Monday.'
    assert [text_of(closed, tokenize(closed), s) for s in quotes(tokenize(closed), closed)] == [
        "a fair plan"
    ]
    plain = "For years the river was our enemy."
    assert quotes(tokenize(plain), plain) == []


# -- what a picture shows: its caption's opening clause -------------------------------------


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "What does the photo show?",
            "A boy tries out the new slide in the park on Sunday.",
            "A boy tries out the new slide",
        ),
        (
            "What is shown in the picture of the harbour?",
            "Two fishermen mend their nets, as gulls wait on the quay.",
            "Two fishermen mend their nets",
        ),
    ],
)
def test_what_a_picture_shows(question: str, sentence: str, expected: str) -> None:
    assert asking(question).worded == SHOWN
    assert short(question, sentence) == expected


def test_what_a_picture_shows_must_not_fire() -> None:
    assert asking("Who is in the photo?").worded != SHOWN  # a name
    assert asking("What does the study show?").worded != SHOWN
    credit = "Ann Lee / Harbour News"  # a credit line describes nothing
    assert opening_clause(tokenize(credit)) == []
    assert short("What does the photo show?", credit) is None


# -- a yes/no question: the words that settle it ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "Is the bridge open to cars?",
            "The council said the bridge is not open to cars, only to bikes.",
            "bridge is not open to cars",
        ),
        (
            "Are the twins members of the club?",
            "“Sadly, we're not members of the club,” the twins told a local paper.",
            "not members of the club",
        ),
        (
            "Are the ponds freezing over?",  # only its own words: what is said of them follows
            "In the park, the ponds are freezing fast this week.",
            "ponds are freezing fast this week",
        ),
    ],
)
def test_a_yes_no_question_takes_the_words_that_settle_it(
    question: str, sentence: str, expected: str
) -> None:
    assert asking(question).worded == YES_NO
    assert short(question, sentence) == expected


def test_am_is_a_form_of_be_for_the_question_s_reading() -> None:
    # "Am I ...?" asks yes or no as "Is it ...?" does; "Who am I meeting" asks no subject
    assert asking("Am I allowed to fish in the lake?").worded == YES_NO
    assert not asking("Who am I meeting at the ferry?").subject
    assert not asking("What am I looking at in the photo?").subject
    # must not fire: a wh-question with "am" asks its own thing; "who" before a verb is one
    assert asking("Where am I allowed to fish?").worded != YES_NO
    assert asking("Who met the ferry?").subject


def test_a_yes_no_answer_must_not_fire() -> None:
    assert short("Is Oslo in Norway?", "The weather was fine all week.") is None  # no junk
    assert asking("When did the fair open?").worded != YES_NO
    question = "Does anyone know how many people came?"  # typed: its declines are unchanged
    assert asking(question).worded == HOW_MANY
    question = "Do you know who founded the club?"
    assert asking(question).worded == WHO
    question = "Can you tell me when the fair opens?"  # a question inside asks its own thing
    assert asking(question).worded != YES_NO


# -- why: what causes the thing asked -------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Experts say hotter summers make the lakes shrink faster each year.", "hotter summers"),
        ("Hot summers and thin snow drove the lakes to shrink.", "Hot summers and thin snow"),
    ],
)
def test_why_takes_the_subject_of_a_verb_of_causing(sentence: str, expected: str) -> None:
    assert short("Why are the lakes shrinking?", sentence) == expected


def test_a_verb_of_causing_must_not_fire() -> None:
    # what it causes is in another clause, or is not what the question asks about
    other = "Summers make tourists happy, and the lakes shrink."
    assert short("Why are the lakes shrinking?", other) is None
    sentence = "Tom made a cake for the lakes festival."
    assert causes(tokenize(sentence), sorted(at(sentence, "lakes"))) == []


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (  # the result holds the question's words: the whole clause before ", so"
            "Why did the ferry stay in port?",
            "The harbour was full of ice, so the ferry stayed in port.",
            "The harbour was full of ice",
        ),
        (  # the clause before ", so" holds them: what it adds to them
            "Why did the bakery close early?",
            "The bakery ran out of flour, so it closed early on Friday.",
            "ran out of flour",
        ),
        (
            "Why couldn't the tram run?",
            "The tram could not run in the heavy snow, so passengers walked home.",
            "in the heavy snow",
        ),
    ],
)
def test_a_clause_before_so_is_the_cause(question: str, sentence: str, expected: str) -> None:
    assert short(question, sentence) == expected


def test_a_clause_before_so_must_not_fire() -> None:
    # "so far", "so-called", "so too": no clause of result; "so that": a purpose
    for sentence in (
        "The bakery closed early, so far the only one in town to do so.",
        "The bakery closed early on Friday, so-called storm hours.",
        "The bakery closed early, so too did the cafe.",
        "The bakery closed early so the staff went home.",  # no comma: not read as a result
    ):
        found = tokenize(sentence)
        assert results(found, sentence, sorted(at(sentence, "bakery", "closed", "early"))) == []
    purpose = "The bakery closed early, so that staff could get home."
    assert short("Why did the bakery close early?", purpose) == "staff could get home"


# -- a number written like a year that counts the plural after it ---------------------------

_SURVEY = "A survey of 1709 pupils from 88 schools was carried out between May 2003 and June 2004."


def test_a_year_like_number_before_a_plural_counts_it() -> None:
    assert short("How many pupils took part in the survey?", _SURVEY) == "1709"
    assert short("When was the survey carried out?", _SURVEY) == "May 2003 and June 2004"
    assert short("How many people marched?", "About 2000 people marched on Sunday.") == "About 2000"
    assert short("How many men signed?", "In the end 1200 men signed the letter.") == "1200"
    # must not fire: a word ending in -s that is no plural ("as", "news") leaves a year
    founded = "The bakery, founded 1987 as a cooperative, closed last year."
    assert short("When was the bakery founded?", founded) == "1987"
    printing = "The paper began printing 1987 news bulletins for the valley."
    assert short("When did the paper start?", printing) == "1987"


def test_a_year_before_a_plural_must_not_be_read_as_a_count() -> None:
    # after a preposition of time or a determiner, or before a name, a verb: a year
    assert short("When did the council buy the mill?", "In 1998 councillors voted to buy it.") == (
        "1998"
    )
    assert short("When were the elections held?", "The 2019 elections were held in May.") == (
        "2019"
    )
    assert short("When did the mill close?", "The mill closed in 1709, workers said.") == "1709"
    assert short("When did the mill close?", "1709 saw the mill close.") == "1709"
    assert short("How many workers were there?", "In 1709 workers built the mill.") is None


# -- the question's spacing: read as its analysis reads it -----------------------------------


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Who rebuilt the old mill?", "subject"),  # the doer is asked
        ("How many boats sailed in the regatta?", "counts"),  # a count, not a measure
        ("What year did the ferry first sail?", "year"),  # of a date, the year alone
    ],
)
def test_a_question_reads_the_same_however_it_is_spaced(question: str, field: str) -> None:
    # the short answer reads the analysis's one-spaced text: doubled spaces, a tab or a
    # newline between the words change nothing
    read = asking(question)
    assert getattr(read, field) is True
    for spaced in ("  " + question.replace(" ", "  ") + " ", question.replace(" ", "\t\n")):
        assert asking(spaced) == read


def test_spacing_must_not_make_a_reading_fire() -> None:
    # must not fire: spaced out, a question whose words do not ask it still does not
    for question in ("Who did the council elect?", "How much did the mill cost?"):
        spaced = question.replace(" ", "   ")
        assert not asking(spaced).subject and not asking(spaced).counts
        assert asking(spaced) == asking(question)


# -- a noun phrase opens after a determiner, a possessive one too, but not after "that" ------


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        ("The mayor thanked the neighbours.", "neighbours", True),
        ("The mayor thanked your neighbours.", "neighbours", True),  # a possessive
        ("The mayor thanked my neighbours.", "neighbours", True),
        # must not fire: "that" opens a clause, and no determiner at all
        ("The mayor said that rents rose.", "rents rose", False),
        ("The court that ruled on it met.", "ruled", False),
        ("The mayor thanked neighbours.", "neighbours", False),
    ],
)
def test_a_noun_phrase_after_a_determiner(sentence: str, phrase: str, expected: bool) -> None:
    assert noun_phrase(span_of(sentence, phrase, "chunk"), tokenize(sentence)) is expected


def test_the_doer_after_by_and_a_possessive() -> None:
    asked = frozenset(analyze("Who founded the bakery?"))
    sentence = "The bakery was founded by my grandfather."
    assert agent(span_of(sentence, "grandfather"), tokenize(sentence), asked)
    novel = "A novel by my grandfather."  # must not fire: "by" after no word of the question
    assert not agent(span_of(novel, "grandfather"), tokenize(novel), asked)
