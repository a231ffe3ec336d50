"""Short-answer scoring: SQuAD's normalisation, exact match, F1, and `answer:` matches."""

from __future__ import annotations

from bot.answer_match import ShortTally, exact_match, f1, matches, normalize_answer


def test_squad_normalisation() -> None:
    assert normalize_answer("The  Battle of Hastings.") == "battle of hastings"
    assert normalize_answer("an Apple, a day!") == "apple day"
    assert normalize_answer("theme") == "theme"  # only whole articles go


def test_exact_match_and_f1_take_the_best_gold_answer() -> None:
    gold = ["William II", "Duke William II"]
    assert exact_match("duke william II", gold) == 1.0
    assert exact_match("William", gold) == 0.0
    assert f1("William", gold) == 2 * (1 * 0.5) / 1.5
    assert f1("", gold) == 0.0 and f1("Harold", gold) == 0.0


def test_a_match_holds_the_expected_answer_and_little_else() -> None:
    assert matches("Nearly 660,000", ["660,000"])
    assert matches("the Hague", ["Hague"])
    assert not matches("the court in the Hague said on Tuesday", ["Hague"])  # F1 below 0.5
    assert not matches(None, ["Hague"]) and not matches("Hague", [""])


def test_tally_reports_squad_and_yaml_figures() -> None:
    tally = ShortTally()
    tally.add_squad("1066", ["1066"], right=True)
    tally.add_squad(None, ["Rollo"], right=False)
    tally.add_yaml("17 days", ["17 days"], ["lasted 17 days"], right=True)
    tally.add_yaml("oak", ["elm"], ["elm trees"], right=True)
    d = tally.as_dict()
    assert d["short_em"] == 0.5 and d["short_f1"] == 0.5
    assert d["short_em_right_passage"] == 1.0
    assert d["short_matched"] == 0.5 and d["short_overlaps_expect"] == 0.5
    assert any("EM 0.500, F1 0.500 over 2 answerable" in line for line in tally.lines())
