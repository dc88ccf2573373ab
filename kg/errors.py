"""Backend-neutral errors. Every message names the input and says what to do."""

from __future__ import annotations


class KGError(Exception):
    """Base of every error kg raises on purpose. ``str(err)`` is meant for the user."""


class InputError(KGError):
    """An input (file, feed entry, JSON line, API argument) that cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:  # pickled by worker processes
        return (type(self), (self.source, self.reason))


class ConfigError(KGError):
    """A setting that cannot work (unknown store, missing spaCy model, unreadable alias file)."""


class StoreUnavailable(KGError):
    """The graph store cannot be reached or stopped answering. Safe to retry later."""


class StoreTimeout(StoreUnavailable):
    """A store query ran longer than ``store_timeout_s``."""


class NotFound(KGError):
    """An id that names nothing in the store."""


class QueryError(KGError):
    """An argument to a read that the store cannot honour (bad cursor, bad date range, ...)."""
