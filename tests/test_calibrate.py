"""`python -m bot calibrate FILE`: fit the decline threshold on labelled questions, write it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.calibrate import with_value, write_setting
from bot.cli import main
from bot.config import RetrievalSettings, load_settings
from tests.conftest import KNOWLEDGE

CONFIG = """\
knowledge:
  path: {knowledge}
  cache: false
retrieval:
  variant: plus
  min_coverage: 0.9        # far too strict: declines almost everything
telegram:
  token: ""
"""

# Labelled by an operator who knows the seed article; none of them is in a question set.
LABELLED = """\
- q: Who is leading the investigation into war crimes in Ukraine?
  expect: Karim Khan
- q: What did the Kremlin say about the accusations of war crimes?
  expect: categorically denies
- q: How many goals did the home side score on Saturday?
  expect: null
- q: What is the best recipe for banana bread?
  expect: null
"""


def test_calibrate_fits_the_threshold_and_writes_it_keeping_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.format(knowledge=KNOWLEDGE))
    labelled = tmp_path / "mine.yaml"
    labelled.write_text(LABELLED)
    assert main(["--config", str(config), "calibrate", str(labelled)]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "<- chosen" in out
    chosen = load_settings(config).retrieval.min_coverage
    assert chosen < 0.9  # 0.9 declined the answerable questions: a lower value gets them right
    assert "4/4" in next(line for line in out.splitlines() if "<- chosen" in line)
    assert "# far too strict" in config.read_text()  # the operator's comment is kept


def test_dry_run_writes_nothing_and_one_sided_labels_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.format(knowledge=KNOWLEDGE))
    before = config.read_text()
    labelled = tmp_path / "mine.yaml"
    labelled.write_text(LABELLED)
    assert main(["--config", str(config), "calibrate", "--dry-run", str(labelled)]) == 0
    assert config.read_text() == before
    only_answerable = tmp_path / "half.yaml"
    only_answerable.write_text(LABELLED.split("- q: How many goals")[0])
    assert main(["--config", str(config), "calibrate", str(only_answerable)]) == 2
    assert "label both kinds" in capsys.readouterr().err


def test_write_setting_replaces_adds_under_the_section_or_adds_the_section(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("retrieval:\n  k1: 1.2   # note\nlimits:\n  per_seconds: 60\n")
    write_setting(config, "retrieval", "k1", 1.5)
    write_setting(config, "retrieval", "min_coverage", 0.25)
    write_setting(config, "extra", "level", 3)
    text = config.read_text()
    assert "  k1: 1.5   # note" in text
    assert text.index("min_coverage: 0.25") < text.index("limits:")
    assert text.rstrip().endswith("extra:\n  level: 3")


def test_with_value_sets_a_field_and_names_an_unknown_one() -> None:
    assert with_value(RetrievalSettings(), "min_coverage", 0.3).min_coverage == 0.3
    with pytest.raises(KeyError, match="no_such"):
        with_value(RetrievalSettings(), "no_such", 1)
