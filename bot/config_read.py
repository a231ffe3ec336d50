"""A config file's mapping made into the typed settings: every key and every value's
type checked, each error naming its key (`knowledge.max_upload_bytes`), never echoing a
secret's value nor quoting a broken YAML line (it may hold the token)."""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from bot.errors import NewsbotError, excerpt, shown

MAX_INT = 2**63 - 1  # SQLite's and numpy's integers; a user id is far below it


class ConfigError(NewsbotError, ValueError):
    """The config file is missing, unreadable, or has a bad key or value."""

    exit_code = 2
    label = "config error"


def build(cls: Any, raw: dict[str, Any], *, prefix: str, source: Path) -> Any:
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
            values[name] = build(type(default), value, prefix=key + ".", source=source)
        else:
            secret = not known[name].repr  # the token and the webhook secret: never echoed
            values[name] = coerce(value, default, key=key, source=source, secret=secret)
    return cls(**values)


def coerce(value: Any, default: Any, *, key: str, source: Path, secret: bool = False) -> Any:
    def bad(expected: str) -> ConfigError:
        got = f"a value of type {type(value).__name__}" if secret else shown(value)
        return ConfigError(f"{source}: {key}: expected {expected}, got {got}")

    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INT:
            raise bad("a whole number" if not isinstance(value, int) else "a smaller number")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad("a number")
        # .nan passed every range check (each comparison is false); 1e400 as an int overflowed
        if isinstance(value, int) and abs(value) > MAX_INT:
            raise bad("a smaller number")
        if not math.isfinite(value):
            raise bad("a finite number")
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
            isinstance(item, bool) or not isinstance(item, int) or not 0 < item <= MAX_INT
            for item in value
        ):
            raise bad("a list of numeric Telegram user ids")
        return tuple(value)
    raise bad(type(default).__name__)  # pragma: no cover - every field type is handled above
