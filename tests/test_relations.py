"""The WordNet relations list: shipped with the package, general English, weighted."""

from __future__ import annotations

import pytest

from bot.relations import Relations, both_ways, parse, related, relations
from bot.rules import RuleSettings
from bot.text import term


def test_the_list_ships_with_the_package_and_keeps_the_licence_notice() -> None:
    table = relations()
    assert len(table) > 5000
    assert all(0 < w <= 1 for others in table.values() for w in others.values())
    from importlib import resources

    head = resources.files("bot").joinpath("data/word_relations.txt").read_text("utf-8")[:3000]
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in head


def test_derivations_and_synonyms_relate_words_a_stemmer_keeps_apart() -> None:
    # general English, none of them from a question set: a gardener who saves a cat
    assert term("rescuer") in related(term("rescue"))
    assert term("save") in related(term("rescue"))
    assert term("instructor") in related(term("teacher"))
    assert term("award") in related(term("prize"))


def test_a_common_sense_outweighs_a_rare_one() -> None:
    # "fund" is money far more often than "a stock of something"
    fund = related(term("fund"))
    assert fund[term("finance")] > 0.2 and fund[term("money")] > 0.2
    assert term("stock") not in fund
    # "teacher" is a person who teaches far more often than a doctrine
    teacher = related(term("teacher"))
    assert teacher[term("instructor")] == max(teacher.values())


def test_unrelated_and_unknown_words_relate_to_nothing() -> None:
    assert term("banana") not in related(term("teacher"))  # must not fire
    assert related("zelenskiy") == {}
    assert term("teacher") not in related(term("teacher"))  # never itself


def test_parse_reads_weights_in_hundredths_and_skips_comments() -> None:
    table = parse("# a comment\nboat ship:80 vessel:45\n\ncar auto:100\n")
    assert table == {"boat": {"ship": 0.8, "vessel": 0.45}, "car": {"auto": 1.0}}


def test_relations_are_read_both_ways_at_the_stronger_weight() -> None:
    table = both_ways({"boat": {"ship": 0.8}, "ship": {"boat": 0.5, "vessel": 0.4}})
    assert table["boat"]["ship"] == table["ship"]["boat"] == 0.8
    assert table["vessel"] == {"ship": 0.4}
    # WordNet says "flee" is a way to "escape": a reader's general word meets the specific one
    assert term("escape") in related(term("flee"))
    assert term("flee") in related(term("escape"))


def test_similar_adjectives_and_verb_groups_relate_but_opposites_never_do() -> None:
    # general English, none from a question set: WordNet's adjective clusters ("similar
    # to": a head and its satellites) and verb groups (senses it calls alike)
    floor = RuleSettings().relation_floor
    assert related(term("outsize")).get(term("big"), 0.0) >= floor
    assert related(term("furious")).get(term("angry"), 0.0) >= floor
    assert related(term("damp")).get(term("wet"), 0.0) >= floor
    assert related(term("feed")).get(term("eat"), 0.0) >= floor
    # must not fire: a cluster's antonym is the other cluster, never a relation
    for word, opposite in (("large", "small"), ("hot", "cold"), ("wet", "dry"), ("rise", "fall")):
        assert related(term(word)).get(term(opposite), 0.0) < floor, (word, opposite)
    for word, opposite in (("empty", "full"), ("alive", "dead"), ("buy", "sell")):
        assert related(term(word)).get(term(opposite), 0.0) < floor, (word, opposite)


def test_the_table_reads_a_term_once_and_keeps_missing_terms_missing() -> None:
    table = Relations({"harbour": {"port": 0.6, "haven": 0.55}, "kettle": {"pot": 0.5}})
    first = table["harbour"]
    assert first == {"port": 0.6, "haven": 0.55}
    assert table["harbour"] is first  # kept, not read and parsed again
    assert table["kettle"] == {"pot": 0.5}
    for _ in range(2):  # a term without a line stays missing after it is looked up
        assert table.get("teapot") is None
        assert "teapot" not in table
        with pytest.raises(KeyError):
            table["teapot"]
    missing: dict[str, float] = {"none": 0.0}
    assert table.get("teapot", missing) is missing  # the default given, as Mapping.get's
    assert table.get("kettle", missing) == {"pot": 0.5} and table.get("harbour") is first
    assert sorted(table) == ["harbour", "kettle"] and len(table) == 2
