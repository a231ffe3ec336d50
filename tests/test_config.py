"""config.yaml -> Settings: defaults, relative paths, the token's precedence, errors naming the key."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.config import ConfigError, Settings, load_settings
from tests.conftest import CONFIG


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_repository_config_loads() -> None:
    settings = load_settings(CONFIG, environ={})
    assert settings.knowledge.path == CONFIG.parent / "knowledge"
    assert settings.retrieval.variant in {"okapi", "plus", "l"}
    assert settings.telegram.base_url.startswith("https://")


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    path = write(tmp_path, "knowledge:\n  path: articles\n")
    assert load_settings(path, environ={}).knowledge.path == tmp_path / "articles"


def test_environment_token_wins_over_config(tmp_path: Path) -> None:
    path = write(tmp_path, "telegram:\n  token: from-config\n")
    assert load_settings(path, environ={}).telegram.token == "from-config"
    env = {"TELEGRAM_BOT_TOKEN": "from-env"}
    assert load_settings(path, environ=env).telegram.token == "from-env"


def test_token_is_not_in_repr(tmp_path: Path) -> None:
    path = write(tmp_path, "telegram:\n  token: s3cret-token\n")
    assert "s3cret-token" not in repr(load_settings(path, environ={}))


def test_admins_are_user_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "admins: [12345, 678]\n")
    assert load_settings(path, environ={}).admins == (12345, 678)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("retrieval:\n  k1: fast\n", "retrieval.k1"),
        ("retrieval:\n  b: 2\n", "retrieval.b"),
        ("retrieval:\n  alternatives: 2.5\n", "retrieval.alternatives"),
        ("retrieval:\n  variant: bm99\n", "retrieval.variant"),
        ("retrieval:\n  kl: 1.2\n", "retrieval.kl"),
        ("knowledge:\n  path: 3\n", "knowledge.path"),
        ("knowledge:\n  watch: maybe\n", "knowledge.watch"),
        ("knowledge:\n  cache_compact: 1\n", "knowledge.cache_compact"),
        ("knowledge:\n  build_workers: 0\n", "knowledge.build_workers"),
        ("knowledge:\n  build_workers: two\n", "knowledge.build_workers"),
        ("knowledge:\n  build_workers: 1.5\n", "knowledge.build_workers"),
        ("knowledge:\n  fetch:\n    min_article_words: 0\n", "knowledge.fetch.min_article_words"),
        ("telegram: yes\n", "telegram"),
        ("telegram:\n  token: 123\n", "telegram.token"),
        ('admins: ["@alice"]\n', "admins"),
        ("admin: [1]\n", "admin"),
        ("limits:\n  per_seconds: 0\n", "limits.per_seconds"),
        ("telegram:\n  webhook:\n    url: bot.example.org\n", "telegram.webhook.url"),
        ("telegram:\n  base_url: ftp://api.example.org/bot\n", "telegram.base_url"),
        ("telegram:\n  base_url: file:///etc/passwd\n", "telegram.base_url"),
        ("telegram:\n  base_url: ''\n", "telegram.base_url"),
        ("telegram:\n  base_file_url: ftp://api.example.org/file/bot\n", "telegram.base_file_url"),
        ("telegram:\n  webhook:\n    port: 70000\n", "telegram.webhook.port"),
        ("telegram:\n  webhook:\n    secret_token: 'a b'\n", "telegram.webhook.secret_token"),
        ("telegram:\n  webhook:\n    path: /x\n", "telegram.webhook.path"),
        ("telegram:\n  send_retry_seconds: -1\n", "telegram.send_retry_seconds"),
        ("telegram:\n  connections: 0\n", "telegram.connections"),
        ("telegram:\n  connections: 2.5\n", "telegram.connections"),
        ("telegram:\n  connection_wait: 0\n", "telegram.connection_wait"),
        ("telegram:\n  poll_timeout: -1\n", "telegram.poll_timeout"),
        ("telegram:\n  concurrent_updates: 0\n", "telegram.concurrent_updates"),
        ("telegram:\n  download_timeout: 0\n", "telegram.download_timeout"),
        ("state:\n  busy_timeout: -1\n", "state.busy_timeout"),
        ("retrieval:\n  rules:\n    cue_bonnus: 0.3\n", "retrieval.rules.cue_bonnus"),
        ("retrieval:\n  rules:\n    cue_bonus: -1\n", "retrieval.rules.cue_bonus"),
        ("retrieval:\n  rules:\n    rerank: 0\n", "retrieval.rules.rerank"),
        ("retrieval:\n  rules:\n    compounds: 1\n", "retrieval.rules.compounds"),
        ("conversation:\n  minutes: 0\n", "conversation.minutes"),
        ("conversation:\n  referent_weight: 2\n", "conversation.referent_weight"),
        ("conversation:\n  turn: 3\n", "conversation.turn"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(write(tmp_path, text), environ={})
    assert key in str(error.value)


def setting_keys(settings: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every setting's key, as its path of names from the top ("knowledge", "fetch", ...)."""
    for field in dataclasses.fields(settings):
        value = getattr(settings, field.name)
        if dataclasses.is_dataclass(value):
            yield from setting_keys(value, (*prefix, field.name))
        else:
            yield (*prefix, field.name)


@pytest.mark.parametrize("value", ["{x: 1}", "[[1]]"])
def test_a_value_of_the_wrong_kind_names_its_key_for_every_setting(
    tmp_path: Path, value: str
) -> None:
    """The hand-picked cases above, for every setting there is (and any added later): a
    mapping or a nested list where none belongs is refused naming the key in full."""
    keys = list(setting_keys(Settings()))
    assert len(keys) > 100 and ("telegram", "webhook", "secret_token") in keys
    for key in keys:
        nested = "".join(f"{'  ' * depth}{name}:\n" for depth, name in enumerate(key[:-1]))
        path = write(tmp_path, f"{nested}{'  ' * (len(key) - 1)}{key[-1]}: {value}\n")
        with pytest.raises(ConfigError) as error:
            load_settings(path, environ={})
        assert ".".join(key) in str(error.value)


def test_answering_rules_are_set_under_retrieval_rules(tmp_path: Path) -> None:
    path = write(tmp_path, "retrieval:\n  rules:\n    rerank: 20\n    compounds: false\n")
    rules = load_settings(path, environ={}).retrieval.rules
    assert (rules.rerank, rules.compounds, rules.cue_bonus) == (
        20,
        False,
        0.25,
    )  # the rest: defaults


def test_broken_yaml_and_missing_file_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_settings(write(tmp_path, "retrieval: [unclosed\n"), environ={})
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.yaml", environ={})
    with pytest.raises(ConfigError, match="mapping"):
        load_settings(write(tmp_path, "- a list\n"), environ={})


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""), environ={})
    assert settings.retrieval.alternatives == 3
    assert settings.admins == ()


def test_world_readable_token_file_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path, "telegram:\n  token: s3cret-token\n")
    path.chmod(0o644)
    load_settings(path, environ={})
    assert "chmod 600" in caplog.text
    assert "s3cret-token" not in caplog.text
    caplog.clear()
    path.chmod(0o600)
    load_settings(path, environ={})
    assert "chmod 600" not in caplog.text


def test_webhook_settings_and_the_environment_secret(tmp_path: Path) -> None:
    path = write(tmp_path, "telegram:\n  webhook:\n    url: https://bot.example.org/tg\n")
    webhook = load_settings(path, environ={}).telegram.webhook
    assert (webhook.url, webhook.listen, webhook.port, webhook.secret_token) == (
        "https://bot.example.org/tg",
        "127.0.0.1",
        8080,
        "",
    )
    environ = {"TELEGRAM_WEBHOOK_SECRET": "from-env_1"}
    webhook = load_settings(path, environ=environ).telegram.webhook
    assert webhook.secret_token == "from-env_1"
    assert "from-env_1" not in repr(webhook)
    assert load_settings(CONFIG, environ={}).telegram.webhook.url == ""  # polling by default


SECRET = "123456:AAE-not-a-real-token-but-long-enough"


@pytest.mark.parametrize(
    "text",
    [
        f"telegram:\n  token: [{SECRET}]\n",
        f"telegram:\n  token: {{secret: {SECRET}}}\n",
        f"telegram:\n  webhook:\n    secret_token: [{SECRET}]\n",
        f"telegram:\n  token: {SECRET}\n  base_url: [unclosed\n",  # broken YAML
        f"telegram:\n  token: '{SECRET}\n",  # an unclosed quote: the scanner sees the token
    ],
)
def test_a_secret_is_never_echoed_in_a_config_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(write(tmp_path, text), environ={})
    message = str(error.value)
    assert SECRET not in message and SECRET.split(":")[1] not in message
    assert "telegram" in message or "line" in message  # it still says where


def test_a_long_bad_value_is_quoted_as_an_excerpt(tmp_path: Path) -> None:
    url = "bot.example.org/" + "x" * 6000
    with pytest.raises(ConfigError) as error:
        load_settings(write(tmp_path, f"telegram:\n  webhook:\n    url: {url}\n"), environ={})
    message = str(error.value)
    assert "telegram.webhook.url" in message and "bot.example.org/xxx" in message
    assert len(message) < 300 + len(str(tmp_path))


def test_relation_settings_out_of_range_name_their_key(tmp_path: Path) -> None:
    for key, value in (("relation_weight", 1.0), ("relation_floor", 2)):
        path = tmp_path / "c.yaml"
        path.write_text(f"retrieval:\n  rules:\n    {key}: {value}\n")
        with pytest.raises(ConfigError, match=f"retrieval.rules.{key}"):
            load_settings(path)


def test_spelling_settings_load_and_a_bad_one_names_its_key(tmp_path: Path) -> None:
    path = write(tmp_path, "retrieval:\n  spelling:\n    min_length: 5\n    long_cutoff: 85\n")
    spelling = load_settings(path, environ={}).retrieval.spelling
    assert (spelling.min_length, spelling.long_cutoff, spelling.candidates) == (5, 85.0, 3)
    for text, key in (
        ("prefix_share: 1.5", "retrieval.spelling.prefix_share"),
        ("short_cutoff: 120", "retrieval.spelling.short_cutoff"),
        ("candidates: 0", "retrieval.spelling.candidates"),
        ("cutoff: 80", "unknown key retrieval.spelling.cutoff"),
    ):
        path = write(tmp_path, f"retrieval:\n  spelling:\n    {text}\n")
        with pytest.raises(ConfigError, match=key):
            load_settings(path, environ={})


def test_watch_and_inline_limits_are_settings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "knowledge:\n  watch_interval: 0.5\n  watch_debounce: 0\nlimits:\n  inline_factor: 5\n",
    )
    settings = load_settings(path, environ={})
    assert (settings.knowledge.watch_interval, settings.knowledge.watch_debounce) == (0.5, 0.0)
    assert settings.limits.inline_factor == 5
    assert settings.knowledge.path == tmp_path / "knowledge"  # still resolved beside the file
    for text, key in (
        ("knowledge:\n  watch_interval: 0\n", "knowledge.watch_interval"),
        ("limits:\n  inline_factor: 0\n", "limits.inline_factor"),
    ):
        with pytest.raises(ConfigError, match=key):
            load_settings(write(tmp_path, text), environ={})


def test_an_alias_bomb_in_the_config_is_refused_before_it_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nine levels of nine aliases under a known key: the error message's repr of the
    value (a 9**9-item list) used to hang the command; anchors are now refused at once."""
    from bot.cli import main  # the command line, as an operator meets it

    levels = ['&a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    path = write(tmp_path, f"admins: [{', '.join(levels)}]\n")
    with pytest.raises(ConfigError, match=r"anchors and aliases .* not allowed \(line 1, column 10\)"):
        load_settings(path, environ={})
    assert main(["--config", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lol" not in err and "Traceback" not in err
    plain = write(tmp_path, "knowledge: {path: kb}\nshared: &s 1\n")
    with pytest.raises(ConfigError, match=r"not allowed \(line 2, column 9\)"):
        load_settings(plain, environ={})  # even a harmless one: a config needs none


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("telegram:\n  send_retry_seconds: .nan\n", "telegram.send_retry_seconds: expected a finite number"),
        ("retrieval:\n  k1: .inf\n", "retrieval.k1: expected a finite number"),
        ("retrieval:\n  rules:\n    relation_weight: -.inf\n", "retrieval.rules.relation_weight: expected a finite"),
        ("retrieval:\n  k1: " + "9" * 400 + "\n", "retrieval.k1: expected a smaller number"),
        ("limits:\n  questions_per_user: " + "9" * 30 + "\n", "limits.questions_per_user: expected a smaller"),
        ("admins: [-5]\n", "admins: expected a list of numeric Telegram user ids"),
        ("limits:\n  per_seconds: " + "9" * 5000 + "\n", "cannot read config: a value cannot be read: Exceeds"),
        ("admins: [2022-02-30]\n", "a value cannot be read: day is out of range for month"),
        ("admins: " + "[" * 3000 + "]" * 3000 + "\n", "a value cannot be read: maximum recursion"),
    ],
)
def test_values_no_range_check_could_catch_are_refused_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    """NaN passed every range check (each comparison is false); a 400-digit k1 overflowed
    float() and a 5,000-digit number or an impossible date broke YAML's own constructors:
    tracebacks, or a bot that never gave up retrying. Each is now one line, exit 2."""
    from bot.cli import main

    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message):
        load_settings(path, environ={})
    assert main(["--config", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and len(err) < 600


def test_run_refuses_a_bot_api_url_that_is_not_http_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`telegram.base_url: ftp://...` was accepted, and the bot then failed on its first call
    to the Bot API with an error that named no setting."""
    token = "123456789:TEST-token-Do-Not-Leak-aBcDeFgHiJkLmNoP"
    config = write(tmp_path, f"telegram:\n  token: '{token}'\n  base_url: ftp://127.0.0.1:9/bot\n")
    config.chmod(0o600)
    assert main(["--config", str(config), "run"]) == 2
    err = capsys.readouterr().err
    assert "telegram.base_url: expected an http(s):// URL" in err and "ftp://127.0.0.1:9/bot" in err
    assert token not in err
    config.write_text(f"telegram:\n  token: '{token}'\n  base_url: http://127.0.0.1:9/bot\n")
    assert load_settings(config, environ={}).telegram.base_url == "http://127.0.0.1:9/bot"


def test_operator_settings_reach_the_bot_api_client_and_the_state_database(tmp_path: Path) -> None:
    """Connections, waits and timeouts were module constants: an operator could not set them."""
    from bot.library import Library
    from bot.state import State
    from bot.telegram.app import build_application

    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "a.txt").write_text("Harbour\n\nThe harbour opened in 1907.\n")
    text = (
        "knowledge:\n  path: knowledge\n  cache: false\n"
        "telegram:\n  token: '123456789:TEST-token-Do-Not-Leak-aBcDeFgHiJkLmNoP'\n"
        "  connections: 5\n  connection_wait: 3.5\n  poll_timeout: 4\n"
        "  concurrent_updates: 7\n  download_timeout: 12\n"
        "state:\n  path: state.db\n  busy_timeout: 0.25\n"
    )
    settings = load_settings(write(tmp_path, text), environ={})
    telegram = settings.telegram
    assert (telegram.connections, telegram.connection_wait, telegram.poll_timeout) == (5, 3.5, 4)
    assert (telegram.concurrent_updates, telegram.download_timeout) == (7, 12.0)
    state = State(settings.state)
    application = build_application(settings, Library(settings), state=state)
    client = application.bot.request._client  # python-telegram-bot's httpx client, as built
    assert client._transport._pool._max_connections == 5 and client.timeout.pool == 3.5
    assert application.update_processor.max_concurrent_updates == 7
    assert state.db.execute("PRAGMA busy_timeout").fetchone()[0] == 250  # milliseconds
    state.close()
