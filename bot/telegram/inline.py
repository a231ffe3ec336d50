"""Inline mode: ``@bot question`` in any chat offers the top passages to send.

An empty query lists the articles; a question the articles do not answer
gets no results and a button that opens the bot's help.
"""

from __future__ import annotations

import asyncio
import time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import InlineQueryLimit, ParseMode
from telegram.ext import Application, ContextTypes, InlineQueryHandler

from bot.answering import Hit
from bot.config import Settings
from bot.knowledge import Article
from bot.library import Library
from bot.render import ELLIPSIS, article_html, hit_html, is_web_url
from bot.stats import QuestionLog
from bot.telegram.answers import logged

CACHE_SECONDS = 30  # short, so a reload shows up in inline results soon
NO_ANSWER_BUTTON = "The articles don’t say. See what I know"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class InlineAnswers:
    def __init__(self, library: Library, log: QuestionLog | None = None):
        self.library = library
        self.log = log

    async def on_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None:
            return
        answerer = self.library.answerer
        question = query.query.strip()
        button = None
        if not question:
            results = [_article_result(i, a) for i, a in enumerate(answerer.articles)]
        else:
            started = time.perf_counter()
            answer = await asyncio.to_thread(answerer.answer, question)
            seconds = time.perf_counter() - started
            logged(self.log, answer, "inline", query.from_user.id, seconds)
            results = [
                _hit_result(i, hit, answer.short if i == 0 else None)
                for i, hit in enumerate(answer.hits)
            ]
            if not results:
                button = InlineQueryResultsButton(NO_ANSWER_BUTTON, start_parameter="help")
        await query.answer(
            results[: InlineQueryLimit.RESULTS], cache_time=CACHE_SECONDS, button=button
        )


def register(
    application: Application,  # type: ignore[type-arg]
    library: Library,
    settings: Settings,
    log: QuestionLog | None = None,
) -> None:
    application.add_handler(InlineQueryHandler(InlineAnswers(library, log).on_query))


def _hit_result(index: int, hit: Hit, short: str | None = None) -> InlineQueryResultArticle:
    """A passage to send; the best one is titled with the short answer and leads with it."""
    article = hit.passage.article
    return InlineQueryResultArticle(
        id=f"h{index}",
        title=_short(short or article.title, 100),
        description=_short(hit.sentence, 200),
        input_message_content=InputTextMessageContent(
            hit_html(hit, short=short), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        ),
        reply_markup=_link_markup(article),
    )


def _article_result(index: int, article: Article) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=f"a{index}",
        title=_short(article.title, 100),
        description=_short(f"{article.source}, {article.published_text}".strip(", "), 200),
        input_message_content=InputTextMessageContent(
            article_html(article), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        ),
        reply_markup=_link_markup(article),
    )


def _link_markup(article: Article) -> InlineKeyboardMarkup | None:
    if not is_web_url(article.url):
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton("Read the article", url=article.url)]])


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS
