"""The Telegram application: built from settings and a Library, run by long polling or,
with telegram.webhook.url set, as a webhook."""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter, Defaults

from bot.config import TOKEN_ENV, WEBHOOK_SECRET_ENV, Settings, WebhookSettings
from bot.library import Library
from bot.state import State, StateError
from bot.stats import QuestionLog
from bot.telegram import (
    adding,
    admin,
    conflict,
    errors,
    feedback,
    flood,
    handlers,
    inline,
    removing,
    shutdown,
    uploads,
)
from bot.telegram.journal import JournalProcessor, JournalQueue
from bot.telegram.logs import mask_secrets, mask_uncaught, quiet_http_loggers
from bot.telegram.retry import RetryingRateLimiter, use_timedelta_periods

log = logging.getLogger(__name__)

COMMANDS = (
    BotCommand("ask", "Ask a question about the articles"),
    BotCommand("sources", "List the articles I know, with links"),
    BotCommand("help", "What I know and how to ask"),
)
ALLOWED_UPDATES = (
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CHANNEL_POST,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
    Update.MY_CHAT_MEMBER,
)
# telegram.connections: httpx's pool does work per queued request per connection
# whenever one is released: 200 sends through the default 256 connections ran 2.5x
# slower than 32 connections with at most 32 requests in flight (see retry.py).
# Requests wait telegram.connection_wait for a free connection, not the default 1 s.
# On stop, python-telegram-bot cancels the long poll and calls getUpdates once
# more to confirm what it fetched. With one connection (its default) that call
# can time out waiting for the cancelled one, and a restart answers again.
POLL_CONNECTIONS = 2
STATE_KEY = "state"  # where the State is kept in application.bot_data
NO_TOKEN = f"""No Telegram bot token is set.
Create a bot with @BotFather, then either
  export {TOKEN_ENV}=123456:ABC...   (preferred), or
  set telegram.token in config.yaml.
`python -m bot chat` answers questions in the terminal without Telegram."""

App = Application[Any, Any, Any, Any, Any, Any]


def build_application(
    settings: Settings,
    library: Library,
    *,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    state: State | None = None,
) -> App:
    """The bot with every handler registered, not yet started.

    `state` (default: opened from settings.state) holds the question log, votes,
    flood windows and the update journal; it is closed when the application shuts
    down. From here on the token and the webhook secret are masked in every log
    record and the HTTP loggers, which log URLs holding the token, are quiet.
    """
    tg = settings.telegram
    use_timedelta_periods()
    quiet_http_loggers()
    mask_secrets(tg.token, tg.webhook.secret_token)
    state = state or State(settings.state)
    queue = JournalQueue(state)
    application: App = (
        ApplicationBuilder()
        .token(tg.token)
        .base_url(tg.base_url)
        .base_file_url(tg.base_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(JournalProcessor(tg.concurrent_updates, queue))
        .update_queue(queue)
        .connection_pool_size(tg.connections)
        .pool_timeout(tg.connection_wait)
        .get_updates_connection_pool_size(POLL_CONNECTIONS)
        .get_updates_pool_timeout(tg.connection_wait)
        .rate_limiter(
            rate_limiter
            or RetryingRateLimiter(
                retry_seconds=tg.send_retry_seconds, max_in_flight=tg.connections
            )
        )
        .post_init(on_start)
        .post_stop(on_stop)
        .post_shutdown(on_shutdown)
        .build()
    )
    # Within handler group 0 the first matching handler wins: modules whose
    # commands or documents must not reach the chat fallbacks register first.
    application.bot_data[STATE_KEY] = state
    application.bot_data["flood"] = flood.register(application, settings, state)  # group -1
    log_ = QuestionLog(state)
    tools = admin.register(application, library, settings, state)
    uploads.register(application, tools)
    removing.register(application, tools)
    adding.register(application, tools)
    feedback.register(application, state)
    application.bot_data["answers"] = handlers.register(application, library, log_)
    inline.register(application, library, settings, log_)
    errors.register(application)
    return application


async def on_start(application: App) -> None:
    await set_commands(application)
    await admin.of(application).start(application, COMMANDS)
    queue = application.update_queue
    if isinstance(queue, JournalQueue):  # answered once the application starts
        await queue.replay(application.bot)


async def on_stop(application: App) -> None:
    """Stop the folder watcher (run_polling calls this on stop and on shutdown)."""
    await admin.of(application).stop()


async def on_shutdown(application: App) -> None:
    await on_stop(application)
    # the writes still handed to the database's thread are made first: off the loop
    await asyncio.to_thread(application.bot_data[STATE_KEY].close)


async def set_commands(application: App) -> None:
    """Register the command menu; a failure here must not stop the bot from answering."""
    try:
        await application.bot.set_my_commands(COMMANDS)
    except TelegramError as exc:
        log.warning("could not register the command list: %s", exc)


def configure_logging(hidden: tuple[str, ...], level: int = logging.INFO) -> None:
    """Log to stderr with each of `hidden` (the token, the webhook secret) masked."""
    mask_secrets(*hidden)
    mask_uncaught(*hidden)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    quiet_http_loggers()


def webhook_options(webhook: WebhookSettings) -> dict[str, Any]:
    """Application.run_webhook's (and Updater.start_webhook's) arguments for `webhook`."""
    secret = webhook.secret_token
    if not secret:  # it proves each POST is Telegram's; workers behind one URL need the same one
        secret = secrets.token_urlsafe(32)
        mask_secrets(secret)
        log.warning("no %s: a random webhook secret, good for one worker", WEBHOOK_SECRET_ENV)
    return {
        "listen": webhook.listen,
        "port": webhook.port,
        "url_path": urlsplit(webhook.url).path.lstrip("/"),
        "webhook_url": webhook.url,
        "secret_token": secret,
        "allowed_updates": list(ALLOWED_UPDATES),
    }


def run(settings: Settings) -> int:
    """`python -m bot run`: answer until SIGINT or SIGTERM; the exit code."""
    token = settings.telegram.token
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    configure_logging((token, settings.telegram.webhook.secret_token))
    library = Library(settings)
    knowledge = library.answerer.knowledge
    for error in knowledge.errors:
        log.warning("skipped %s", error)
    log.info(
        "serving %d article(s), %d passage(s) from %s",
        len(knowledge.articles),
        len(knowledge.passages),
        settings.knowledge.path,
    )
    try:
        state = State(settings.state)
    except StateError as exc:
        log.error("%s", exc)
        return 1
    if not settings.state.path:
        log.warning("state.path is empty: the question log and the update journal are in memory")
    application = build_application(settings, library, state=state)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # run_polling runs on the current loop
    shutdown.install(loop, application)  # so run_* get stop_signals=None
    webhook = settings.telegram.webhook
    try:
        if webhook.url:
            log.info("webhook at %s, listening on %s:%d", webhook.url, webhook.listen, webhook.port)
            application.run_webhook(
                **webhook_options(webhook), bootstrap_retries=0, stop_signals=None
            )
        else:
            application.run_polling(
                timeout=settings.telegram.poll_timeout,
                bootstrap_retries=0,
                allowed_updates=list(ALLOWED_UPDATES),
                stop_signals=None,
            )
    except InvalidToken:
        log.error("Telegram refused the bot token: check %s or telegram.token", TOKEN_ENV)
        return 1
    except NetworkError as exc:
        log.error("cannot reach the Bot API at %s: %s", settings.telegram.base_url, exc)
        return 1
    if application.bot_data.get("stepped_aside"):
        return conflict.EXIT_CODE
    log.info("stopped")
    return 0
