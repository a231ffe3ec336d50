"""`TermIds`: a term -> id mapping whose every question is one look-up, `get_id`.

The saved index's hashed table (bot/stored.py) and the live index's joined one
(bot/live_index.py) each say only how to find one term.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping


class TermIds(Mapping[str, int]):
    """Term -> term id, answered by one look-up (`get_id`) however it is asked."""

    @abstractmethod
    def get_id(self, term: str) -> int | None:
        """The term's id; None when it is not a term here."""

    def get(self, term: str, default: int | None = None) -> int | None:  # type: ignore[override]
        found = self.get_id(term)
        return default if found is None else found

    def __getitem__(self, term: str) -> int:
        found = self.get_id(term)
        if found is None:
            raise KeyError(term)
        return found

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get_id(term) is not None
