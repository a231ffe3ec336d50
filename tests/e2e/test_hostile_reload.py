"""An admin's /reload over a folder of hostile files: each named with a short reason, the
bot keeps answering from what it served, and the report still fits one message."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.library import Library
from bot.render import TELEGRAM_LIMIT
from bot.telegram.app import build_application

from .botapi import BotApiServer
from .conftest import RunningBot, started
from .test_admin import (
    ADMIN,
    FLED,
    KREMLIN,
    USER,
    admin_settings,
    answer_to,
    article,
    question,
    reloaded,
)

BOMB = "\n".join(
    [f"a0: &a0 [{', '.join(['lol'] * 9)}]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
)


def hostile(folder: Path, outside: Path) -> dict[str, str]:
    """Writes the hostile files; file name -> the start of the reason the report gives."""
    outside.write_text(article("secretword"))
    (folder / "leak.md").symlink_to(outside)
    (folder / "loop1.md").symlink_to("loop2.md")
    (folder / "loop2.md").symlink_to("loop1.md")
    (folder / "bomb.md").write_text(f"---\ntitle: Bomb\nsource: X\npublished: 2022-01-01\n{BOMB}\n---\nBody.\n")
    (folder / "bad-yaml.md").write_text("---\ntitle: [unclosed\nsource: X\n---\nBody.\n")
    (folder / "binary.md").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.md").write_bytes("Caf\xe9\n\nCaf\xe9 au lait.\n".encode("latin-1"))
    (folder / "big.md").write_bytes(b"Big\n\n" + b"word " * 20_000)
    (folder / "empty.md").write_bytes(b"")
    (folder / "dir.md").mkdir()
    return {
        "leak.md": "symbolic link to a file outside the knowledge folder",
        "loop1.md": "symbolic link loop",
        "loop2.md": "symbolic link loop",
        "bomb.md": "front matter uses a YAML anchor",
        "bad-yaml.md": "front matter is not valid YAML",
        "binary.md": "not valid UTF-8",
        "latin1.md": "not valid UTF-8",
        "big.md": "the file is 100,005 bytes; the limit is 50,000",
        "empty.md": "empty file",
        "dir.md": "a folder, not a file",  # named, not left out unsaid
    }


@pytest.fixture
async def bot(api: BotApiServer, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real Application with admins, serving a copy of the Kremlin article."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    shutil.copy(KREMLIN, folder / KREMLIN.name)
    settings = admin_settings(api, folder, max_file_bytes=50_000)
    library = Library(settings)
    async with started(build_application(settings, library)) as application:
        yield RunningBot(api, application, library)


async def test_reload_over_hostile_files_names_each_and_keeps_serving(
    bot: RunningBot, tmp_path: Path
) -> None:
    folder = tmp_path / "knowledge"
    (folder / "good.md").write_text(article("quillobar", "A good new article"))
    reasons = hostile(folder, tmp_path / "secret.md")
    report = await reloaded(bot.api, ADMIN)
    assert f"Skipped {len(reasons)} broken file(s)" in report, report
    for name, reason in reasons.items():
        assert f"{name}: {reason}" in report, name
    assert "secretword" not in report and "lol" not in report
    assert len(report) < TELEGRAM_LIMIT
    assert "Added: “A good new article”" in report
    assert "660,000" in await answer_to(bot.api, USER, FLED)
    assert "quillobar" in await answer_to(bot.api, USER, question("quillobar"))
    assert KREMLIN.name in os.listdir(folder)
