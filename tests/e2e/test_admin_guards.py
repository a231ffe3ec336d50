"""Admins, second round (issue 20): private stats stay private, refusals stay short,
a read-only folder is refused plainly, and downloads stop at the size limit."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.library import Library
from bot.render import units
from bot.telegram.admin import STATS_PRIVATE_ONLY, STATS_SENT_PRIVATELY
from bot.telegram.app import build_application

from .botapi import BotApiServer
from .conftest import RunningBot, started
from .telegram_html import visible_text
from .test_admin import (  # the knowledge folder fixture and the helpers
    ADMIN,
    USER,
    admin_settings,
    article,
    files_in,
    folder,
    say,
    shown,
    texts,
    upload,
)

__all__ = ["folder"]  # a fixture, used by name below
LIMIT = 20_000  # max_upload_bytes: room for 600 front matter keys


@pytest.fixture
async def bot(api: BotApiServer, folder: Path) -> AsyncIterator[RunningBot]:
    settings = admin_settings(api, folder, max_upload_bytes=LIMIT)
    library = Library(settings)
    async with started(build_application(settings, library)) as application:
        yield RunningBot(api, application, library)


# ---------------------------------------------------------------- /stats in a group


async def test_stats_asked_in_a_group_go_to_the_admin_privately(bot: RunningBot) -> None:
    api = bot.api
    private_question = "Is my landlord allowed to keep my deposit?"
    await say(api, USER, private_question)  # declined: it shows in the stats
    api.private_chat(ADMIN)  # the admin has a private chat with the bot
    group = api.group_chat(-6001)
    api.send_text(group, "/stats", sender=api.user(ADMIN))
    notice = await shown(api, -6001, lambda t: t == STATS_SENT_PRIVATELY)
    [stats] = await api.until(lambda: texts(api, ADMIN))
    assert "Since the start: 1 asked, 0 answered (0%), 1 declined" in stats
    assert private_question in stats
    assert private_question not in "".join(texts(api, -6001)) and notice


async def test_stats_in_a_group_are_refused_when_no_private_chat_is_open(
    bot: RunningBot,
) -> None:
    api = bot.api
    await say(api, USER, "Is my landlord allowed to keep my deposit?")
    group = api.group_chat(-6002)  # the admin never talked to the bot privately
    api.send_text(group, "/stats", sender=api.user(ADMIN))
    await shown(api, -6002, lambda t: t == STATS_PRIVATE_ONLY)
    assert len(api.sent(-6002)) == 1 and "landlord" not in api.sent(-6002)[0]["text"]


# ---------------------------------------------------------------- refusals stay short


def front_matter(**values: str) -> str:
    fields = {
        "title": "The special article",
        "source": "Test Times",
        "url": "https://example.com/x",
        "published": "2022-03-01",
        **values,
    }
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\n{lines}---\n\nThe mayor unveiled the monument on Friday.\n"


async def test_upload_refusals_stay_under_telegrams_limit(bot: RunningBot, folder: Path) -> None:
    api = bot.api
    # a 5,000-character title in the folder; an upload of the same name quotes it
    long_title = " ".join(["Headline"] * 560)
    (folder / "long.md").write_text(front_matter(title=long_title))
    before = files_in(folder)
    cases = (
        ("url.md", front_matter(url="ftp://" + "x" * 6000), "url must start with http"),
        ("long.md", front_matter(title="Short"), "long.md already exists (“Headline Headline"),
    )
    for name, data, reason in cases:
        assert 6000 < len(data) < LIMIT or name == "long.md"
        reply = await upload(api, name, data.encode())
        assert reply.startswith("Not added: ") and reason in reply, reply
        assert reply.endswith("Nothing was changed.")
        assert units(reply) < 600, (name, units(reply))  # far under Telegram's 4,096
    assert files_in(folder) == before
    # 600 unknown keys: the article loads (issue 18), and the one warning line stays short
    many = front_matter(**{f"key{n:03d}": "value" for n in range(600)})
    await upload(api, "keys.md", many.encode())
    report = await shown(api, ADMIN, lambda t: "Reloaded in" in t and "keys.md" in t)
    assert "unknown front matter key(s) ignored: 'key000', 'key001'" in report
    assert "…" in report and units(report) < 4096
    assert [c for c in api.calls if c.method == "sendMessage" and not c.ok] == []


# ---------------------------------------------------------------- read-only folder


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` refuse new files, even to root (who ignores the mode bits): then
    with the immutable attribute; skipped where neither works."""
    folder.chmod(0o555)
    immutable = False
    try:
        if _writable(folder):  # root
            done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
            immutable = done.returncode == 0
            if not immutable or _writable(folder):
                pytest.skip("cannot make a folder read-only here (root without chattr)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        folder.chmod(0o755)


def _writable(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True


async def test_upload_into_a_read_only_folder_is_refused_plainly(
    bot: RunningBot, folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = files_in(folder)
    with read_only(folder):
        reply = await upload(bot.api, "special.md", article("quillobar").encode())
    assert reply.startswith("Not added: cannot write special.md into the knowledge folder")
    assert "ermission denied" in reply or "not permitted" in reply
    assert reply.endswith("Nothing was changed.")
    assert "Traceback" not in caplog.text and files_in(folder) == before
    assert not [p for p in os.listdir(folder) if p.startswith(".upload-")]


# ---------------------------------------------------------------- downloads stop at the limit


@pytest.mark.parametrize("length_sent", [True, False])
async def test_a_file_declared_small_is_refused_at_the_limit_mid_download(
    bot: RunningBot, folder: Path, length_sent: bool
) -> None:
    """Declared (in the message and by getFile) as 100 bytes, the file is 40 MB. With a
    Content-Length the bot stops there; without one, after reading just past the limit."""
    api = bot.api
    api.lengthless_downloads = not length_sent
    content = article("x").encode() + b"x" * 40_000_000
    before = files_in(folder)
    message = api.send_document(api.private_chat(ADMIN), "big.md", content, file_size=100)
    api.reported_sizes[message["document"]["file_id"]] = 100
    reply = visible_text((await api.until(lambda: api.sent(ADMIN)))[-1]["text"])
    if length_sent:
        assert reply == (
            f"Not added: the file is {len(content):,} bytes; the limit is {LIMIT:,}. "
            "Nothing was changed."
        )
    else:
        assert reply == (
            f"Not added: the file is more than {LIMIT:,} bytes; the limit is {LIMIT:,}. "
            "Nothing was changed."
        )
    [download] = api.downloads()
    await api.until(lambda: download.params["sent"] > 0 or not length_sent)
    print(
        f"\n40 MB file declared as 100 bytes: refused after the stand-in sent {download.params['sent']:,} bytes"
    )
    # the stand-in could push only what the socket buffers held before the bot hung up
    assert download.params["sent"] < len(content) // 4, download.params["sent"]
    assert files_in(folder) == before
