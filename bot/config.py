"""Typed settings loaded from config.yaml, with errors that name the bad key: the settings
themselves and `load_settings`; reading and type checks are bot/config_read.py, ranges
bot/config_checks.py."""

from __future__ import annotations

import logging
import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.config_checks import validate
from bot.config_read import ConfigError, build
from bot.forked import DEFAULT_WORKERS
from bot.fuzzy import SpellingSettings
from bot.rules import RuleSettings
from bot.safe_yaml import UnreadableYaml, read_yaml

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
WEBHOOK_SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
# Telegram's rule for a webhook's secret token: 1-256 of these characters.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
DEFAULT_CONFIG = Path("config.yaml")

log = logging.getLogger(__name__)

__all__ = ["ConfigError"]  # with the settings below: what the rest of the bot imports


@dataclass(frozen=True)
class FetchSettings:
    """How `add URL` and admins' links fetch web pages (bot/web.py)."""

    allow_private: bool = False  # private, loopback and link-local addresses (tests set it)
    timeout: float = 15.0  # seconds per request
    max_bytes: int = 5_000_000  # largest page read
    min_article_words: int = 60  # a page with less text is a teaser or stub: refused


@dataclass(frozen=True)
class KnowledgeSettings:
    path: Path = Path("knowledge")
    watch: bool = False
    watch_interval: float = 1.0  # seconds between looks at the folder in watch mode
    watch_debounce: float = 2.0  # seconds the folder must be quiet before a reload
    max_upload_bytes: int = 1_000_000
    max_file_bytes: int = 5_000_000  # largest knowledge file loaded from the folder
    cache: bool = True  # save the parsed, analysed knowledge and reuse it while no file changed
    cache_dir: str = ""  # where; empty means <path>/.index-cache
    # Save it compact: no posting weights (each term's computed from its frequencies when a
    # question first reads it, bit for bit) and the postings' passages split
    # (bot/split_ids.py): 802 -> 488 MiB at 1M passages instead of 743 (format 10, with the
    # facts' term ids then coded; docs/performance.md has the later figures), but a new
    # question's answer() costs ~15% more CPU at 100k and ~60% more at 1M
    # (docs/performance.md, "The saved index on disk"), so off until that cost is cut.
    cache_compact: bool = False
    # Reloads of a knowledge base this large or larger add, change and remove articles live
    # (a delta beside the saved index, bot/live.py) rather than rebuild everything ...
    live_from: int = 10_000  # passages
    merge_passages: int = 1_000  # ... and merge the delta in the background (a full build)
    merge_share: float = 0.05  # once it holds more passages than this or this share of all
    # Processes a build parses and indexes the folder in (one per core, at most this many:
    # each holds its range's postings and facts, ~0.4 GiB at 1M passages on 2 cores)
    build_workers: int = DEFAULT_WORKERS
    fetch: FetchSettings = field(default_factory=FetchSettings)


@dataclass(frozen=True)
class RetrievalSettings:
    """Defaults are the values chosen on the question sets (docs/quality.md), as in config.yaml."""

    variant: str = "plus"
    k1: float = 1.2
    b: float = 0.75
    delta: float = 1.0
    alternatives: int = 3
    min_score: float = 0.0  # WEAK below this BM25 score; 1.0 until round 52, when it moved nothing
    min_coverage: float = 0.2
    unseen_weight: float = 0.25  # min_coverage rises by this x the share of unknown question words
    # ... a share of whose rise is kept when the best passage states the asked type (a number,
    # a date, a name: the reader's own words for what it tells, "the BOSS of", "SHUT its doors")
    typed_unseen: float = 0.25
    asked_weight: float = 0.4  # ... and by this when the best passage lacks what is counted/asked
    fuzzy: bool = True
    fuzzy_weight: float = 0.7  # an unknown word's close match counts this much of an exact one
    spelling: SpellingSettings = field(default_factory=SpellingSettings)  # how close (bot/fuzzy.py)
    sentence_weight: float = 0.5  # evidence concentrated in one sentence, × best BM25
    bigram_weight: float = 0.0  # question word pairs found adjacent in the passage, × best BM25
    rules: RuleSettings = field(default_factory=RuleSettings)  # every other switch and weight


@dataclass(frozen=True)
class WebhookSettings:
    """Webhook mode: Telegram POSTs updates to `url` instead of the bot polling for them
    (several workers behind a load balancer, docs/scaling.md). Empty `url`: long polling."""

    url: str = ""  # public URL Telegram posts to, e.g. https://bot.example.org/telegram
    listen: str = "127.0.0.1"  # where the bot's own HTTP server binds (TLS ends at the proxy)
    port: int = 8080
    secret_token: str = field(default="", repr=False)  # TELEGRAM_WEBHOOK_SECRET wins


@dataclass(frozen=True)
class TelegramSettings:
    token: str = field(default="", repr=False)
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    webhook: WebhookSettings = field(default_factory=WebhookSettings)
    # How long a send is retried through network errors, 5xx and 429s before
    # it is given up and the reader told (seconds; bot/telegram/retry.py).
    send_retry_seconds: float = 300.0
    # Connections to the Bot API, and so requests in flight: httpx's pool does work per
    # queued request per connection, and 200 sends through 256 connections ran 2.5x
    # slower than through 32 (bot/telegram/app.py).
    connections: int = 32
    connection_wait: float = 10.0  # seconds a request waits for a free connection
    poll_timeout: int = 10  # seconds Telegram holds a long poll (getUpdates) open
    concurrent_updates: int = 256  # updates handled at once (python-telegram-bot's default)
    download_timeout: float = 30.0  # seconds for each step of an admin's upload download


@dataclass(frozen=True)
class LimitSettings:
    questions_per_user: int = 20
    per_seconds: float = 60.0
    questions_per_group: int = 20  # Telegram lets a bot send about 20 messages a minute to a group
    inline_factor: int = 3  # inline queries allowed × questions_per_user (one per pause in typing)


@dataclass(frozen=True)
class StateSettings:
    """The SQLite file of what the bot learns while running (bot/state.py)."""

    path: str = ""  # the database file; empty: in memory, nothing survives a restart
    keep_days: int = 30  # question texts are deleted after this many days
    busy_timeout: float = 10.0  # seconds a write waits for another process's transaction


@dataclass(frozen=True)
class ConversationSettings:
    """Follow-up questions (bot/conversation.py): how long a conversation lives, and what a
    follow-up borrows from the turn before it."""

    minutes: float = 10.0  # a conversation ends this long after its last turn
    turns: int = 8  # ... or once it holds this many turns
    max_conversations: int = 10_000  # conversations kept in memory; the oldest go first
    referent_weight: float = 0.5  # the last turn's words, × their own weight there
    carry_weight: float = 0.5  # words the last turn borrowed itself, × their weight there
    answer_weight: float = 0.3  # for "he"/"she": the names in the last answer's sentence
    article_weight: float = 3.0  # the last answer's article: its passages' BM25 × this
    passage_weight: float = 1.0  # the last answer's paragraph: BM25 × this on top (fitted)
    near_weight: float = 1.0  # the paragraphs right before and after it: BM25 × this (fitted)
    max_share: float = 0.6  # borrowed words weigh at most this × the new words' IDF mass
    min_weight: float = 0.1  # borrowed words lighter than this are dropped (older turns)
    next_reason: bool = True  # "Why?" of the last answer: the next paragraph's opening "After
    # all, ..." / "This is because ..." answers it (conversation._continued; docs/fit.py)
    # off: each moves one turn of the sets, and docs/fit.py --switches' folds choose neither in
    # every fold (docs/quality.md round 36)
    declined_article: bool = False  # a declined turn's closest passage names the story a
    # follow-up after it is about: its article is preferred (conversation.turn_of; docs/fit.py)
    type_words: bool = False  # "For how long?", "In what year?": a follow-up's words naming the
    # type asked are no words a passage must hold (followup.type_words, answering/borrow.py)
    new_topic: bool = True  # "Different question: ...", "Unrelated: ...": answered as if
    # alone, without the reader's mark (followup.new_topic; docs/fit.py)
    and_continues: bool = True  # "And what did the union say?": a whole question opened by
    # "and" / "but" stays on the last answer's story, its article preferred, nothing borrowed
    # (followup.continues, followup_plan.plan; docs/fit.py)
    story_fallback: bool = True  # a follow-up declined for want of its words is answered by
    # its closest passage when that is in the story the conversation is on (conversation.respond)


@dataclass(frozen=True)
class Settings:
    knowledge: KnowledgeSettings = field(default_factory=KnowledgeSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    state: StateSettings = field(default_factory=StateSettings)
    admins: tuple[int, ...] = ()
    conversation: ConversationSettings = field(default_factory=ConversationSettings)


def load_settings(path: Path | None = None, *, environ: dict[str, str] | None = None) -> Settings:
    """Read `path` (default ./config.yaml; defaults apply when that is absent).

    Relative paths inside are resolved against the config file's folder, and
    the environment variable TELEGRAM_BOT_TOKEN wins over `telegram.token`.
    """
    env = os.environ if environ is None else environ
    explicit = path is not None
    path = path or DEFAULT_CONFIG
    raw: Any = {}
    if path.exists():
        try:
            raw = read_yaml(path.read_text(encoding="utf-8")) or {}
        except UnreadableYaml as exc:  # it never quotes the file: a line may hold the token
            raise ConfigError(f"{path}: cannot read config: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    elif explicit:
        raise ConfigError(f"{path}: config file not found")
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of keys")
    settings = build(Settings, raw, prefix="", source=path)
    return _finish(settings, path.resolve().parent, env, path)


def _finish(settings: Settings, base: Path, env: Any, source: Path) -> Settings:
    knowledge_path = settings.knowledge.path
    if not knowledge_path.is_absolute():
        knowledge_path = base / knowledge_path
    token = env.get(TOKEN_ENV) or settings.telegram.token
    secret_in_file = settings.telegram.webhook.secret_token and not env.get(WEBHOOK_SECRET_ENV)
    if (settings.telegram.token and not env.get(TOKEN_ENV)) or secret_in_file:
        _warn_if_world_readable(source)
    validate(settings, source)
    retrieval = settings.retrieval
    return Settings(
        knowledge=replace(
            settings.knowledge,
            path=knowledge_path,
            cache_dir=_resolve(settings.knowledge.cache_dir, base),
        ),
        retrieval=retrieval,
        telegram=replace(
            settings.telegram,
            token=token,
            webhook=_webhook(settings.telegram.webhook, env, source),
        ),
        limits=settings.limits,
        state=replace(settings.state, path=_resolve(settings.state.path, base)),
        admins=settings.admins,
        conversation=settings.conversation,
    )


def _webhook(webhook: WebhookSettings, env: Any, source: Path) -> WebhookSettings:
    secret = env.get(WEBHOOK_SECRET_ENV) or webhook.secret_token
    if not 0 < webhook.port < 65536:
        raise ConfigError(
            f"{source}: telegram.webhook.port: expected a port from 1 to 65535, got {webhook.port}"
        )
    if secret and not WEBHOOK_SECRET.fullmatch(secret):
        raise ConfigError(
            f"{source}: telegram.webhook.secret_token: expected 1-256 letters, digits, _ or -"
        )
    return replace(webhook, secret_token=secret)


def _warn_if_world_readable(source: Path) -> None:
    try:
        mode = source.stat().st_mode
    except OSError:
        return
    if mode & stat.S_IROTH:
        log.warning(
            "%s holds a secret (the bot token or the webhook secret) and is readable by every"
            " user of this machine; run `chmod 600 %s` or set %s / %s instead",
            source,
            source,
            TOKEN_ENV,
            WEBHOOK_SECRET_ENV,
        )


def _resolve(path: str, base: Path) -> str:
    return str(base / path) if path and not Path(path).is_absolute() else path
