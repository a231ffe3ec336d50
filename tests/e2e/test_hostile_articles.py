"""Articles with markup-like titles and endless paragraphs still make messages Telegram accepts."""

from __future__ import annotations

from pathlib import Path

from bot.config import KnowledgeSettings, Settings
from bot.library import Library
from bot.render import TELEGRAM_LIMIT
from bot.telegram.app import build_application

from .botapi import BotApiServer
from .conftest import settings_for, started
from .telegram_html import utf16_length, visible_text

LONG_WORDS = " ".join(f"walrus{n} & <tusk> “quoted” 🦭" for n in range(700))

ARTICLE = f"""---
title: <b>Walruses</b> & "Seals" — a <script>test</script>
source: Sea & Ice <News>
url: https://example.org/walrus?a=1&b=<2>
published: 2024-02-29
---
{LONG_WORDS} walruses migrate north every spring

The colony near Svalbard counted 7,000 walruses in 2023.
"""


def hostile_settings(api: BotApiServer, folder: Path) -> Settings:
    base = settings_for(api)
    return Settings(
        knowledge=KnowledgeSettings(path=folder), retrieval=base.retrieval, telegram=base.telegram
    )


async def test_long_and_hostile_articles_fit_telegram(api: BotApiServer, tmp_path: Path) -> None:
    (tmp_path / "walrus.md").write_text(ARTICLE, encoding="utf-8")
    settings = hostile_settings(api, tmp_path)
    library = Library(settings)
    assert library.answerer.knowledge.errors == ()
    async with started(build_application(settings, library)):
        chat = api.private_chat(11)
        for question in ("When do walruses migrate north?", "/sources", "/help"):
            api.send_text(chat, question)
        api.inline_query(api.user(11), "walruses migrate north")
        await api.until(lambda: len(api.sent(11)) >= 3 and api.calls_to("answerInlineQuery"))
    # all HTML valid, all under the limit (a 409 ends the long poll cancelled on stop)
    assert [c for c in api.calls if not c.ok and c.status != 409] == []
    texts = [m["text"] for m in api.sent(11)]
    assert all(len(t) <= TELEGRAM_LIMIT for t in texts)
    # the endless paragraph is cut at word boundaries into bounded passages (knowledge.py):
    # the answer is its last part, whole
    [answer] = [t for t in texts if "walruses migrate north" in visible_text(t)]
    assert "walrus699 " in visible_text(answer) and "walrus1 " not in visible_text(answer)
    assert visible_text(answer).rstrip().endswith("Read the article")
    assert "Sea & Ice <News>" in visible_text(answer)
    [sources] = [t for t in texts if "article(s) loaded" in visible_text(t)]
    assert '<b>Walruses</b> & "Seals"' in visible_text(sources)
    inline = api.calls_to("answerInlineQuery")[0].params["results"]
    assert utf16_length(visible_text(inline[0]["input_message_content"]["message_text"])) <= 4096
