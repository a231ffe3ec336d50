"""YAML read without anchors and aliases, for everything the bot reads as YAML: the config,
the knowledge files' front matter and the question sets.

`yaml.safe_load` expands aliases: a 1 KB "alias bomb" became 9 GB, and under a known config
key its error message's repr hung the command. None of these files needs an anchor, so
`NoAliasLoader` refuses the first one while composing, before anything is built.
"""

from __future__ import annotations

from typing import Any

import yaml


class AliasError(yaml.MarkedYAMLError):
    """An anchor (&name) or an alias (*name), and where; `alias` tells which."""

    def __init__(self, alias: bool, mark: Any):
        problem = "YAML anchors and aliases (&name, *name) are not allowed"
        super().__init__(problem=problem, problem_mark=mark)
        self.alias = alias


class NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that raises AliasError at the first anchor or alias."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        alias = isinstance(event, yaml.AliasEvent)
        if alias or getattr(event, "anchor", None) is not None:
            raise AliasError(alias, event.start_mark)
        return super().compose_node(parent, index)


def yaml_problem(exc: yaml.YAMLError) -> str:
    """What is wrong and where, without quoting the file."""
    problem = getattr(exc, "problem", None) or "not valid YAML"
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})" if mark else problem


class UnreadableYaml(ValueError):
    """Text `read_yaml` cannot read; the message says what and where, never quoting it."""


def read_yaml(text: str) -> Any:
    """`text`'s YAML, anchors and aliases refused; UnreadableYaml for broken YAML and for a
    value that cannot be built (a 5,000-digit number, an impossible date, deep nesting)."""
    try:
        return yaml.load(text, Loader=NoAliasLoader)
    except yaml.YAMLError as exc:  # without the offending line: it may hold a secret
        raise UnreadableYaml(yaml_problem(exc)) from None
    except Exception as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadableYaml(f"a value cannot be read: {problem}") from None
