"""The blind probes (tests/sets/blind/, docs/quality.md rounds 29 and 30) are well formed:
each answerable `expect` stands in exactly one paragraph of its probe's articles (case
aside, as `eval` matches it), in the article the case names, and each dialogue's turns
likewise, so that a figure of the probe counts the passage the question asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.evaluate import contains, load_cases
from bot.knowledge import load_folder

ROOT = Path(__file__).resolve().parents[1]
PROBES = sorted((ROOT / "tests" / "fixtures").glob("blind_*.yaml"))
SETS = [
    (config, ROOT / "tests" / "sets" / "blind" / f"{config.stem}_{kind}.yaml")
    for config in PROBES
    for kind in ("qa", "dialogues")
]


@pytest.mark.parametrize(("config", "path"), SETS, ids=[p.name for _, p in SETS])
def test_each_expect_stands_in_one_paragraph_of_its_article(config: Path, path: Path) -> None:
    folder = load_folder(load_settings(config).knowledge.path)
    paragraphs = [p for p in folder.passages if p.kind == "body"]
    cases, _ = load_cases(path)
    assert cases
    for case in cases:
        for expect in case.expects:
            holding = {(p.article.key, p.paragraph) for p in paragraphs if contains(p.text, expect)}
            assert len(holding) == 1, (case.question, expect, holding)
            if case.article and not case.dialogue:
                assert next(iter(holding))[0].endswith(case.article), (case.question, expect)
