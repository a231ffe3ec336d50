"""Every switch and weight of the answering rules, in one typed frozen object.

`RuleSettings` is `RetrievalSettings.rules` (bot/config.py): config.yaml sets any field
under ``retrieval.rules`` (``rules: {rerank: 20}``), and two answerers built with
different objects run side by side in one process (docs/ablation.py does so). Each
field says its default, its meaning and its unit; docs/quality.md measures each rule.
Weights marked "× best BM25" are shares of the best candidate's BM25 score; "share"
means a share of the question's IDF mass (0-1); a "factor" multiplies a score.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleSettings:
    # ---- question words (bot/answering/vocabulary.py)
    relatives: bool = True  # known words also match their prefix relatives (rescue/rescuers)
    inflections: bool = True  # an unknown word matches another inflection the index holds
    expansion_weight: float = 0.8  # weight of each spelled-out word of an acronym (0-1)
    synonym_weight: float = 0.5  # weight of a word of the same bot/lexicon.py group (0-1)
    relation_weight: float = 0.9  # × a WordNet relation's strength (bot/relations.py; 0-<1)
    relation_floor: float = 0.4  # only relations at least this strong (0-1); both: docs/fit.py
    phrasal_verbs: bool = True  # "held up" also matches "delayed" (bot/answering/phrasal.py)
    phrasal_floor: float = 0.2  # ... its relations at least this strong (0-1; docs/fit.py)
    member_weight: float = 0.3  # "which countries": a country name's weight (0.5 lost SQuAD)
    dimensions: bool = True  # "how cold" also matches "temperature" (at synonym_weight)
    members: bool = True  # "which countries" also matches country names (at member_weight)
    compounds: bool = True  # a hyphenated compound ("bike-share") is one question word
    stopword_typos: bool = True  # a word matching nothing, a slip from a stop word: dropped
    common_words: bool = True  # a common English word's IDF is capped (bot/frequency.py)
    max_target_words: int = 3  # "Who is X?": X of more words is no definition target
    # ---- what a sentence must hold (bot/answering/evidence.py)
    money_cues: bool = True  # "how much did it cost" wants a sum of money, not any number
    measure_units: bool = True  # "how tall" wants a number with a unit
    dimension_units: bool = True  # ... a unit of its dimension: degrees for "how cold"
    counted_with_number: bool = True  # "how many beds": the number must stand with the beds
    name_parts: bool = True  # "Paris" after "Valeska Paris" also names Valeska (name_parts.py)
    # ---- ranking features (bot/answering/ranking.py)
    rerank: int = 12  # candidates (passages) re-ranked after BM25
    cue_bonus: float = 0.25  # share added to a sentence holding the asked-for type
    measure_bonus: float = 0.5  # ... holding a measure of the dimension asked (instead)
    name_bonus: float = 2.0  # ... quoting another name for the thing asked about (instead)
    naming: bool = True  # "What does X call Y?": a naming construction about Y is the answer's
    # type (bot/answering/naming.py), "call" / "name" no topic word the passage must hold
    naming_bonus: float = 2.0  # share added to a sentence naming the thing asked (instead)
    leaders: bool = True  # "Who is the head of X?", "Who runs X?": a sentence naming a person
    # beside a noun of one in charge (bot/data/leader_nouns.txt) standing with X ("X's chief
    # executive, Jane Roe") holds the reader's role word ("head", "runs", "charge") in ranking
    # and in the decline's coverage (bot/answering/leaders.py)
    leader_bonus: float = 2.0  # share added to such a sentence, instead of cue_bonus (docs/fit.py:
    # 1.5-3 flat, 0.5-1 lose questions; 2.0 as naming_bonus)
    window_share: float = 0.9  # two adjacent sentences' evidence, as a factor of one's
    reason_weight: float = 0.25  # "Why ...?", "What caused ...?": × best BM25 × the question's
    # share held by the candidate's best sentence that states a cause or a purpose (bot/cues.py
    # REASON: "because", "due to", "blamed"), a reason told of the asked event (0 = off;
    # bot/answering/evidence.py reason_share; docs/fit.py)
    named_weight: float = 0.25  # × best BM25 × IDF share of the reader's names held
    # The reader's names, when an article's title holds them all ("... of Corvane
    # Aerospace?"), name the story, not a paragraph: among its candidates (two or more),
    # each sentence of each holds them at this weight, for sentence evidence and the names
    # feature (0-1; 0: off; bot/answering/ranking.py `story_names`; docs/fit.py chose 1)
    title_names: float = 1.0
    # A news lead (an article's first body paragraph) tells the story in the words every
    # question repeats; a later paragraph gives the detail asked without repeating them.
    # When the best candidate by BM25 is a lead, each later paragraph of its article among the
    # candidates that holds a question word the lead holds in no form is scored again with
    # the lead's question words held by each of its sentences at this weight (sentence
    # evidence and the names feature; BM25 unchanged). 0-1; 0: off; bot/answering/ranking.py
    # `lead_story`; docs/fit.py chose 1 (docs/quality.md round 45)
    lead_story: float = 1.0
    definition_bonus: float = 0.5  # × best BM25, for the first passage introducing X
    type_missing: float = 0.9  # factor: no number (date) for a how-much (when) question
    measure_missing: float = 0.75  # factor: no measure of the dimension asked ("how cold")
    caption_boost: float = 3.0  # factor: a caption, for a question that names the photo
    caption_off_topic: float = 0.9  # factor: a caption, for a topic question
    details_off_topic: float = 0.3  # factor: the details passage, for a topic question
    heading_next: bool = True  # a subheading ("## Review panel") as the best passage: the
    # paragraph after it in its article answers, at its score (bot/answering/headings.py;
    # docs/quality.md round 35)
    tie_share: float = 0.6  # passages within this factor of the best on the same words tie
    ties_hold_all: bool = True  # no tie when a close candidate holds more of the question
    # ---- highlighting (bot/answering/highlight.py)
    focus_bonus: float = 0.25  # share added to a sentence holding the answer's kind noun
    credit_names: bool = True  # "who took the photo": highlight the credit line or byline
    # ---- declining (bot/answering/decline.py)
    decline_unknown_names: bool = True  # a capitalised word no article holds: another topic
    places_named: bool = True  # "What did the Moscow spokesman say?" of "the Kremlin
    # spokesman said": a name no article holds, of a place a place of the best passage stands
    # in (bot/places.py), is no unknown name and no unseen word (decline.placed_names)
    topic_must_be_known: bool = True  # "the story about X": X unknown to all articles
    place_in_article: bool = True  # a place answers "where": its article's words count too
    numbers_must_match: bool = True  # a number of the question the passage lacks: bar up
    numbers_in_article: bool = True  # ... one above twelve its whole article lacks: decline
    measures_must_match: bool = True  # a measure question whose best passage states none
    names_must_match: bool = True  # the best article holds none of the reader's names
    holder_must_match: bool = True  # "the president of Y": the best article lacks Y
    counted_is_head: bool = True  # "how many Russian soldiers" needs the soldiers
    unseen_asked: bool = True  # ... but a counted word no article holds ("how many PPL") in
    # a passage stating the asked type raises the bar as an unseen word only, not twice
    unseen_related: bool = True  # a word no article holds whose WordNet relation the best
    # passage holds ("kid" of "child": another word for its word, not another topic) raises
    # the coverage bar at ``unseen_related_weight`` of an unseen word's raise (decline.bar)
    unseen_related_weight: float = 0.25  # factor (0-1) of its raise: 0-0.4 alike, 0.5 loses 3 (fit)
    unseen_class: bool = True  # a word no article holds that English uses mostly as a verb,
    # an adjective or an adverb ("usually", "think": bot/word_classes.py) raises the coverage
    # bar at ``unseen_class_weight`` of an unseen word's raise: the reader's way of putting
    # it, not the thing asked (a noun: "pie", "capacity") nor a word WordNet never saw tagged
    # ("tremazolin"); decline.bar, docs/quality.md round 50
    unseen_class_weight: float = 0.0  # factor (0-1) of its raise: 0 in every fold, 0.25 -2 (fit)
    type_declines: bool = True  # the best passage must hold the kind of answer asked: a sum,
    # a percentage, a duration, a count with what it counts, a name (answer_types.py)
    owner_must_match: bool = True  # "the name of X's husband": X must own the husband there
    named_head: bool = True  # "which UN officials": the name stands with the officials (the
    # head noun), not with a modifier ("the U.N. headquarters ... Mohamed" names no official)
    role_holder: bool = True  # "Who coaches X?", "Who will command X?" (an -s form or a
    # modal: a role's holder): a passage without the verb in any form, in an article that
    # uses it elsewhere, tells of the role elsewhere, not of X (decline.role_elsewhere)
    details_dates_article: bool = True  # the details passage's date answers "when was the
    # story published", not "on what date did the parts arrive"
    count_parts: bool = True  # "how many seats does the council have": "70 members of the
    # council" counts them, in a sentence not naming the seats
    future_declines: bool = True  # "when will X", "when is the next X": a date said of the future
    penalty_declines: bool = True  # "what sentence did X receive": a term, fine or verdict
    quantity_declines: bool = True  # "what is the daily intake of X": a number
    claim_declines: bool = True  # "Has anyone been arrested?": the article must hold the verb
    role_window: int = 8  # words: "Who replaced the Normans?" of "The Normans replaced ...":
    # the party within this many words of the verb, on the side of the other role, declines
    # (bot/answering/roles.py; 0 = off; docs/fit.py)
    object_owner: bool = False  # "Who adopted the doctrines of the Normans?" of "The Normans
    # adopted the doctrines of France": the object's owner after "of" as the verb's doer
    # declines as the object itself does (role_window; bot/answering/roles.py). Off: it moves
    # one question of the sets and reads a story's party named as another clause's subject
    # as the doer ("The Normans returned home after the French destroyed their fleet"),
    # docs/quality.md, round 22
    other_doer: bool = True  # "When did Richard II flee?" of "Ethelred fled": another name
    # right before the verb in every sentence holding it, the question's not all there
    # (bot/answering/roles.py; docs/fit.py)
    opposite_directions: bool = True  # "Who fled from southern Italy?" of "fled to southern
    # Italy": the thing after a direction word of the question stands in the best passage
    # under the opposite one (before / after, to / from, ...), never under its own
    # (bot/answering/opposites.py; docs/fit.py)
    qualifier_swap: bool = True  # "When did Herve serve as a Norman general?" of "the first
    # Norman mercenaries to serve as a Byzantine general": the question's noun qualified by a
    # proper word, which the passage gives it never, another proper word instead, in a clause
    # where the question's word qualifies something else (the word nowhere in the passage
    # declines nothing: bot/answering/qualifiers.py; docs/fit.py)
    party_bound: bool = True  # "How old is Valeria Sokolova?" of "Nineteen-year-old qualifier
    # Lena Hartmann won, beating Valeria Sokolova": an age, a sum or a named owner's role
    # asked of a named party, which the best passage binds to another name every time it
    # states one ("N-year-old NAME", "NAME's win earned her EUR 142,000", "Ireland's
    # Minister"), never to the party's (bot/answering/parties.py); docs/quality.md round 44
    rank_swap: bool = False  # "When was the oldest terminal opened?" of "the newest terminal,
    # opened in 2015": the question's noun ranked by a superlative or an ordinal, which the
    # passage ranks by the opposite superlative (WordNet's antonyms) or another ordinal, and
    # holds the question's rank in no form (bot/answering/ranks.py; docs/quality.md round 27).
    # Off since round 52: on the pool it declines no near miss and one right answer (b's
    # Achebe vote share); docs/fit.py: 932 off, 931 on
    number_event_share: float = 0.15  # share: "What battle took place in the 10th century?"
    # of "in the 10th century gave their name to ...": the sentence holding the question's
    # number holds less than this of its other words, which its article holds (0 = off;
    # docs/fit.py: 0.1-0.2 flat, the middle)
    sum_told: bool = True  # "How much compensation will the coach get?": a noun naming money
    # after "how much" asks a sum (bot/data/money_nouns.txt, from WordNet), and the sentence
    # stating a sum must hold one of the question's other words, in any form: a sum told of
    # something else ("a fee of £450,000" for another player) answers nothing asked
    # (decline.holds_kind); docs/quality.md round 29
    event_told: bool = True  # "When will the spacecraft run out of fuel?": a date or a
    # duration answers only from a clause holding one of the question's other words, in any
    # form; "fired its engines on Monday" in a clause of none tells of something else
    # (bot/answering/events.py, decline.event_elsewhere); docs/quality.md round 35
    withheld: bool = True  # "What are the names of the two pilots?" of "the two pilots, whose
    # names have not been released": a sentence of the best passage says the thing asked (a
    # name, a reason, a date, a sum, a place) is not given, of the asked noun or of the
    # question's other words, and none states it: declined WITHHELD
    # (bot/answering/withheld.py; docs/fit.py)
    reason_of_asked: bool = True  # "Why did sales fall after the recall?" of "Sales fell after
    # the recall", "What caused the pipe to burst?" of "closed after a pipe burst": every reason
    # cue the cause follows ("after", "because") in the best passage's sentences holding the
    # question's words, and no other, opens a clause holding them too (the asked event told as
    # a cause or a time of something else, or the question's own reason): declined, as no
    # reason for it is told (bot/answering/reasons.py; needs `withheld`'s reading of a
    # why-question; docs/fit.py)
    unnamed_one: bool = True  # "What is the name of the firefighter taken to hospital?", "Who
    # was the local man questioned?" of "One firefighter was taken to hospital", "A local
    # man had been questioned": the noun whose name is asked, brought into the best passage
    # only by "a", "one", "two" or "their" with no name joined to it ("skipper Sean Boyle",
    # "Jane Roe, a nurse"), tells of someone the story does not name: declined
    # (bot/answering/unnamed.py; "which N", "the name of N" as `withheld` reads them;
    # docs/quality.md round 56)
    reason_as_time: bool = True  # ... but a "since" or an "after" telling only a time is no
    # reason cue there: "since" before no finite clause ("felt pain since her semifinal",
    # "since 2019", "shops have since stopped"), "after" before a date, a duration or a time
    # noun ("after the break"); "since the road was closed", "after the recall" still count
    # (bot/cues.py cue_of_time; docs/quality.md round 48)
    topic_article: bool = False  # a typed question (a sum, a count, a named N) whose words
    # another candidate's article holds more of asks about that story: the thing found here
    # belongs to another one. Off since round 52: on the pool it declines one near miss and
    # five right answers (readers' "how much" and "how long" on probes a, b, o, c's turn);
    # docs/fit.py: every fold chooses it off, 935 off, 931 on
    count_window: int = 4  # words: a number stands with what it counts ("12,000 asylum seekers")
    name_window: int = 12  # words: a name stands with its noun ("Jane Roe, a nurse at the ...")
    article_weight: float = 0.5  # number/date answers: question words elsewhere in the
    # article count this much (0-1) toward the coverage the decline bar asks for
    # ---- short answers (bot/answering/short.py)
    short_answers: bool = True  # an answer leads with the phrase that answers
    short_answer_declines: bool = True  # decline a typed question whose passage has no such type
    who_descriptions: bool = True  # "Who was arrested?" of "Police arrested two protesters":
    # a plain "who VERB" question is answered by a description of people (a determiner or a
    # number and a person's noun, bot/data/person_nouns.txt) standing as its verb's party in a
    # sentence naming no one (short_rules.person_party); docs/quality.md round 28
    typed_runner_share: float = 0.95  # ... unless the second passage, scoring at least this
    # factor of the best, holds it: then that one answers (0 = off; docs/fit.py)
    # a candidate phrase's score (bot/answering/short.py): points, a typed candidate first
    short_type_weight: float = 2.0  # points: a candidate of the asked type over one of none
    short_distance_weight: float = 1.0  # points × 1 / (1 + words to a question word)
    short_held_weight: float = 0.5  # points × the share of the question its sentence holds
    short_sentence_rank_cost: float = 0.3  # points per place after the highlighted sentence
    short_focus_bonus: float = 1.0  # next to the noun naming the answer's kind ("the river X")
    short_instance_bonus: float = 2.5  # one of the kind asked: "diseases such as X", "X, the peak"
    short_superseded_cost: float = 1.0  # "rose from X to Y": X is the old figure
    short_preposition_bonus: float = 0.5  # a place after "in", "at", "from" (a who: minus)
    short_counted_bonus: float = 0.5  # a number standing with the noun the question counts
    short_named_bonus: float = 0.2  # a question of no type: a name over common words
    short_phrase_bonus: float = 0.15  # ... a noun phrase (after "the", "a", "its")
    short_untyped_cost: float = 1.0  # a who/where question answered by common words
    short_agent_bonus: float = 1.0  # "Who paid ...?": the doer after "paid for by"
    short_unit_cost: float = 0.5  # "How many games?": "six hours" is a measure, not a count
    short_object_bonus: float = 1.0  # "What did they find?": right after the question's verb
    short_subject_bonus: float = 0.5  # "Who won ...?": before the question's words
    short_title_bonus: float = 0.5  # "Who is X?": a description right next to X
    short_common_cost: float = 0.5  # an answer of everyday words only ("the city")
    short_max_gap: int = 4  # words: a no-type candidate at most this far from the question's
    short_max_sentences: int = 10  # sentences read for a short answer, until one holds one
    short_clause_gap: int = 2  # words: a comma between a candidate and a question word
    short_common_zipf: float = 5.5  # Zipf: an answer of words this frequent says little
