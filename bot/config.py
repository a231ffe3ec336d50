"""Typed settings loaded from config.yaml, with errors that name the bad key."""

from __future__ import annotations

import logging
import os
import re
import stat
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from bot.errors import NewsbotError, excerpt, shown
from bot.rules import RuleSettings

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
WEBHOOK_SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
# Telegram's rule for a webhook's secret token: 1-256 of these characters.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
DEFAULT_CONFIG = Path("config.yaml")
BM25_VARIANTS = ("okapi", "plus", "l")

log = logging.getLogger(__name__)


class ConfigError(NewsbotError, ValueError):
    """The config file is missing, unreadable, or has a bad key or value."""

    exit_code = 2
    label = "config error"


@dataclass(frozen=True)
class FetchSettings:
    """How `add URL` and admins' links fetch web pages (bot/web.py)."""

    allow_private: bool = False  # private, loopback and link-local addresses (tests set it)
    timeout: float = 15.0  # seconds per request
    max_bytes: int = 5_000_000  # largest page read


@dataclass(frozen=True)
class KnowledgeSettings:
    path: Path = Path("knowledge")
    watch: bool = False
    max_upload_bytes: int = 1_000_000
    max_file_bytes: int = 5_000_000  # largest knowledge file loaded from the folder
    cache: bool = True  # save the parsed, analysed knowledge and reuse it while no file changed
    cache_dir: str = ""  # where; empty means <path>/.index-cache
    fetch: FetchSettings = field(default_factory=FetchSettings)


@dataclass(frozen=True)
class RetrievalSettings:
    """Defaults are the values chosen on the question sets (docs/quality.md), as in config.yaml."""

    variant: str = "plus"
    k1: float = 1.2
    b: float = 0.75
    delta: float = 1.0
    alternatives: int = 3
    min_score: float = 1.0
    min_coverage: float = 0.2
    unseen_weight: float = 0.5  # min_coverage rises by this x the share of unknown question words
    asked_weight: float = 0.4  # ... and by this when the best passage lacks what is counted/asked
    fuzzy: bool = True
    fuzzy_weight: float = 0.7  # an unknown word's close match counts this much of an exact one
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


@dataclass(frozen=True)
class LimitSettings:
    questions_per_user: int = 20
    per_seconds: float = 60.0
    questions_per_group: int = 20  # Telegram lets a bot send about 20 messages a minute to a group


@dataclass(frozen=True)
class StateSettings:
    """The SQLite file of what the bot learns while running (bot/state.py)."""

    path: str = ""  # the database file; empty: in memory, nothing survives a restart
    keep_days: int = 30  # question texts are deleted after this many days


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
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:  # without the offending line: it may hold the token
            raise ConfigError(f"{path}: cannot read config: {_yaml_problem(exc)}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    elif explicit:
        raise ConfigError(f"{path}: config file not found")
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of keys")
    settings = _build(Settings, raw, prefix="", source=path)
    return _finish(settings, path.resolve().parent, env, path)


def _finish(settings: Settings, base: Path, env: Any, source: Path) -> Settings:
    knowledge_path = settings.knowledge.path
    if not knowledge_path.is_absolute():
        knowledge_path = base / knowledge_path
    token = env.get(TOKEN_ENV) or settings.telegram.token
    secret_in_file = settings.telegram.webhook.secret_token and not env.get(WEBHOOK_SECRET_ENV)
    if (settings.telegram.token and not env.get(TOKEN_ENV)) or secret_in_file:
        _warn_if_world_readable(source)
    retrieval = settings.retrieval
    if retrieval.variant not in BM25_VARIANTS:
        raise ConfigError(
            f"{source}: retrieval.variant: expected one of {', '.join(BM25_VARIANTS)},"
            f" got {shown(retrieval.variant)}"
        )
    _check_positive(source, "retrieval.k1", retrieval.k1, allow_zero=True)
    _check_positive(source, "retrieval.alternatives", retrieval.alternatives, allow_zero=True)
    _check_positive(source, "knowledge.max_upload_bytes", settings.knowledge.max_upload_bytes)
    _check_positive(source, "knowledge.max_file_bytes", settings.knowledge.max_file_bytes)
    _check_positive(source, "knowledge.fetch.timeout", settings.knowledge.fetch.timeout)
    _check_positive(source, "knowledge.fetch.max_bytes", settings.knowledge.fetch.max_bytes)
    _check_positive(source, "limits.questions_per_user", settings.limits.questions_per_user)
    _check_positive(source, "limits.per_seconds", settings.limits.per_seconds)
    _check_positive(source, "limits.questions_per_group", settings.limits.questions_per_group)
    _check_positive(
        source, "telegram.send_retry_seconds", settings.telegram.send_retry_seconds, allow_zero=True
    )
    _check_positive(source, "state.keep_days", settings.state.keep_days)
    if not 0.0 <= retrieval.b <= 1.0:
        raise ConfigError(
            f"{source}: retrieval.b: expected a number from 0 to 1, got {retrieval.b}"
        )
    _check_positive(source, "retrieval.unseen_weight", retrieval.unseen_weight, allow_zero=True)
    _check_positive(source, "retrieval.asked_weight", retrieval.asked_weight, allow_zero=True)
    _check_positive(source, "retrieval.sentence_weight", retrieval.sentence_weight, allow_zero=True)
    _check_positive(source, "retrieval.bigram_weight", retrieval.bigram_weight, allow_zero=True)
    _check_conversation(source, settings.conversation)
    if not 0.0 <= retrieval.rules.relation_floor <= 1.0:
        raise ConfigError(
            f"{source}: retrieval.rules.relation_floor: expected a number from 0 to 1,"
            f" got {retrieval.rules.relation_floor}"
        )
    relation_weight = retrieval.rules.relation_weight
    if not 0.0 <= relation_weight < 1.0:
        raise ConfigError(
            f"{source}: retrieval.rules.relation_weight: expected a number from 0 to below 1"
            f" (a related word counts less than the word itself), got {relation_weight}"
        )
    if not 0.0 <= retrieval.fuzzy_weight <= 1.0:
        raise ConfigError(
            f"{source}: retrieval.fuzzy_weight: expected a number from 0 to 1,"
            f" got {retrieval.fuzzy_weight}"
        )
    if not 0.0 <= retrieval.min_coverage <= 1.0:
        raise ConfigError(
            f"{source}: retrieval.min_coverage: expected a number from 0 to 1,"
            f" got {retrieval.min_coverage}"
        )
    for rule in fields(RuleSettings):  # weights, factors and the candidate count
        value = getattr(retrieval.rules, rule.name)
        if not isinstance(value, bool):
            name = f"retrieval.rules.{rule.name}"
            _check_positive(source, name, value, allow_zero=rule.name != "rerank")
    return Settings(
        knowledge=KnowledgeSettings(
            path=knowledge_path,
            watch=settings.knowledge.watch,
            max_upload_bytes=settings.knowledge.max_upload_bytes,
            max_file_bytes=settings.knowledge.max_file_bytes,
            cache=settings.knowledge.cache,
            cache_dir=_resolve(settings.knowledge.cache_dir, base),
            fetch=settings.knowledge.fetch,
        ),
        retrieval=retrieval,
        telegram=TelegramSettings(
            token=token,
            base_url=settings.telegram.base_url,
            base_file_url=settings.telegram.base_file_url,
            webhook=_webhook(settings.telegram.webhook, env, source),
            send_retry_seconds=settings.telegram.send_retry_seconds,
        ),
        limits=settings.limits,
        state=replace(settings.state, path=_resolve(settings.state.path, base)),
        admins=settings.admins,
        conversation=settings.conversation,
    )


def _check_conversation(source: Path, conversation: ConversationSettings) -> None:
    _check_positive(source, "conversation.minutes", conversation.minutes)
    _check_positive(source, "conversation.turns", conversation.turns)
    _check_positive(source, "conversation.max_conversations", conversation.max_conversations)
    _check_positive(source, "conversation.article_weight", conversation.article_weight)
    _check_positive(source, "conversation.max_share", conversation.max_share)
    _check_positive(source, "conversation.passage_weight", conversation.passage_weight)
    _check_positive(source, "conversation.near_weight", conversation.near_weight)
    for key in ("referent_weight", "carry_weight", "answer_weight", "min_weight"):
        value = getattr(conversation, key)
        if not 0.0 <= value <= 1.0:
            raise ConfigError(
                f"{source}: conversation.{key}: expected a number from 0 to 1, got {value}"
            )


def _webhook(webhook: WebhookSettings, env: Any, source: Path) -> WebhookSettings:
    secret = env.get(WEBHOOK_SECRET_ENV) or webhook.secret_token
    if webhook.url and not re.match(r"^https?://[^/\s]+(/\S*)?$", webhook.url):
        raise ConfigError(
            f"{source}: telegram.webhook.url: expected an http(s):// URL, got {shown(webhook.url)}"
        )
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


def _check_positive(source: Path, key: str, value: float, *, allow_zero: bool = False) -> None:
    if value < 0 or (value == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "more than zero"
        raise ConfigError(f"{source}: {key}: expected a number {bound}, got {value}")


def _build(cls: Any, raw: dict[str, Any], *, prefix: str, source: Path) -> Any:
    """Build dataclass `cls` from a mapping, checking keys and value types."""
    known = {f.name: f for f in fields(cls)}
    for key in raw:
        if key not in known:
            allowed = ", ".join(prefix + name for name in known)
            unknown = excerpt(f"{prefix}{key!s}")
            raise ConfigError(f"{source}: unknown key {unknown} (known keys: {allowed})")
    values: dict[str, Any] = {}
    defaults = cls()
    for name in known:
        if name not in raw:
            continue
        key = prefix + name
        value = raw[name]
        default = getattr(defaults, name)
        if is_dataclass(default):
            if value is None:
                continue
            if not isinstance(value, dict):
                raise ConfigError(
                    f"{source}: {key}: expected a mapping of keys, got {shown(value)}"
                )
            values[name] = _build(type(default), value, prefix=key + ".", source=source)
        else:
            secret = not known[name].repr  # the token and the webhook secret: never echoed
            values[name] = _coerce(value, default, key=key, source=source, secret=secret)
    return cls(**values)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """What is wrong and where, without quoting the file."""
    problem = getattr(exc, "problem", None) or "not valid YAML"
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})" if mark else problem


def _coerce(value: Any, default: Any, *, key: str, source: Path, secret: bool = False) -> Any:
    def bad(expected: str) -> ConfigError:
        got = f"a value of type {type(value).__name__}" if secret else shown(value)
        return ConfigError(f"{source}: {key}: expected {expected}, got {got}")

    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("a whole number")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad("a number")
        return float(value)
    if isinstance(default, Path):
        if not isinstance(value, str) or not value:
            raise bad("a folder path")
        return Path(value)
    if isinstance(default, str):
        if value is None:
            return ""
        if not isinstance(value, str):
            raise bad("text")
        return value
    if isinstance(default, tuple):  # admins: Telegram user ids
        if value is None:
            return ()
        if not isinstance(value, list) or any(
            isinstance(item, bool) or not isinstance(item, int) for item in value
        ):
            raise bad("a list of numeric Telegram user ids")
        return tuple(value)
    raise bad(type(default).__name__)  # pragma: no cover - every field type is handled above
