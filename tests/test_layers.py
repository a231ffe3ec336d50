"""The layers of the data path (README, "Layout"): answering never imports the Telegram
layer, the conversation layer above it, or what renders and serves its answers, so that
each module imports alone (an answering module importing bot.followup, which imports
answering, made `import bot.followup` fail on its own)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# what sits above answering: conversations, rendering, the Telegram layer, the command line
ABOVE_ANSWERING = (
    "telegram",
    "bot.telegram",
    "bot.followup",
    "bot.followup_plan",
    "bot.conversation",
    "bot.render",
    "bot.cli",
)


def imported(path: Path) -> set[str]:
    """The modules `path` imports anywhere in its text (at the top or inside a function)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def above(name: str) -> bool:
    return any(
        name == top or name.startswith(top + ".") or name.startswith(top + "_")
        for top in ABOVE_ANSWERING
    )


def test_answering_imports_nothing_above_it() -> None:
    found = {
        str(path.relative_to(ROOT)): sorted(n for n in imported(path) if above(n))
        for path in sorted((ROOT / "bot" / "answering").glob("*.py"))
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_the_check_sees_an_import_from_above(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from bot.followup import asks_when\ndef f():\n    import telegram\n")
    assert sorted(n for n in imported(module) if above(n)) == ["bot.followup", "telegram"]
    assert not above("bot.cues") and not above("bot.answering.question")


def test_the_conversation_layer_imports_alone() -> None:
    for name in ("bot.followup", "bot.followup_plan", "bot.conversation", "bot.cues"):
        done = subprocess.run(
            [sys.executable, "-c", f"import {name}"], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-500:]
