"""docs/fit.py --per-set: every set weighs 1 whatever its size (made-up sets, no eval set)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pytest

from bot.calibrate import Outcome
from bot.config import RetrievalSettings
from bot.eval_sets import Case

FIT = Path(__file__).resolve().parents[1] / "docs" / "fit.py"


@pytest.fixture(scope="module")
def fit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fit_under_test", FIT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _item(fit: ModuleType, answerable: int, near_misses: int, folds: list[int]) -> Any:
    cases = [Case(f"Where did the ferry {n} sail?", ("harbour",), "a") for n in range(answerable)]
    cases += [Case(f"Who owns the bakery {n}?", (), "n") for n in range(near_misses)]
    return fit.Item("made_up.yaml", cases, cast(Any, None), RetrievalSettings(), folds)


def _right(answerable: int, near_misses: int, right: set[int]) -> list[Outcome]:
    kinds = [True] * answerable + [False] * near_misses
    return [Outcome(kind, not kind, n in right) for n, kind in enumerate(kinds)]


def test_each_set_weighs_one_shared_by_its_questions_or_by_halves(fit: ModuleType) -> None:
    item = _item(fit, 3, 1, [0, 0, 0, 0])
    assert fit.set_weights(item, halves=False) == pytest.approx([0.25] * 4)
    # halves: the one near miss weighs as much as the three answerable questions together
    assert fit.set_weights(item, halves=True) == pytest.approx([1 / 6] * 3 + [0.5])
    # a set of one kind gives it the whole weight, not half
    only = _item(fit, 4, 0, [0, 0, 0, 0])
    assert fit.set_weights(only, halves=True) == pytest.approx([0.25] * 4)


def test_a_small_set_is_not_outvoted_by_a_large_one(fit: ModuleType) -> None:
    big, small = _item(fit, 10, 0, [0] * 10), _item(fit, 2, 0, [1, 1])
    items = [big, small]
    weights = [fit.set_weights(i, halves=False) for i in items]
    # A: one more right on the big set; B: both of the small set's right instead of none
    a = [_right(10, 0, set(range(9))), _right(2, 0, set())]
    b = [_right(10, 0, set(range(8))), _right(2, 0, {0, 1})]
    assert sum(fit.scored(items, a)) == 9 and sum(fit.scored(items, b)) == 10
    assert fit.scored(items, a, weights) == pytest.approx([0.9, 0.0, 0.0, 0.0, 0.0])
    assert fit.scored(items, b, weights) == pytest.approx([0.8, 1.0, 0.0, 0.0, 0.0])
    # the count prefers B here too; where the big set gains more, the count and the
    # per-set objective part ways
    c = [_right(10, 0, set(range(10))), _right(2, 0, set())]
    d = [_right(10, 0, set(range(7))), _right(2, 0, {0})]
    assert sum(fit.scored(items, c)) > sum(fit.scored(items, d))
    assert sum(fit.scored(items, c, weights)) < sum(fit.scored(items, d, weights))
