"""The API's one graph store: opened lazily, reopened after a failure, closed at shutdown.

The app must start even when its store cannot be opened (Neo4j still starting, a data folder on a
disk that is not mounted yet): ``/healthz`` then answers 503 and every query a clear error, and the
first request after the store comes back opens it. No restart needed.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from kg.config import Settings
from kg.errors import KGError, StoreUnavailable
from kg.store import GraphStore, open_store

log = logging.getLogger("kg.api")

T = TypeVar("T")

#: After a failed open, requests within this many seconds get the same error without retrying, so that
#: a burst of requests against a down server does not become a burst of connection attempts.
RETRY_AFTER_S = 1.0


class StoreHandle:
    """Owns the store of one app. ``get()`` returns it, opening it first when needed (thread-safe)."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self._settings = settings
        self._store = store
        self._owned = store is None  # a store handed in (tests) is closed by whoever opened it
        self._lock = threading.Lock()
        self._last_error: KGError | None = None
        self._failed_at = 0.0

    @property
    def kind(self) -> str:
        return self._store.name if self._store is not None else self._settings.store

    def get(self) -> GraphStore:
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is not None:
                return self._store
            if self._last_error is not None and time.monotonic() - self._failed_at < RETRY_AFTER_S:
                raise StoreUnavailable(str(self._last_error))
            try:
                self._store = open_store(self._settings)
            except KGError as exc:
                self._last_error, self._failed_at = exc, time.monotonic()
                raise StoreUnavailable(str(exc)) from exc
            except Exception as exc:  # a store should raise KGError; never let start-up die of it
                log.exception("opening the %s store failed", self._settings.store)
                error = StoreUnavailable(f"cannot open the {self._settings.store} store: {exc}")
                self._last_error, self._failed_at = error, time.monotonic()
                raise error from exc
            self._last_error = None
            return self._store

    def ping(self) -> None:
        """Raise :class:`StoreUnavailable` with the reason when the store does not answer."""
        self.get().ping()

    async def call(self, fn: Callable[[GraphStore], T]) -> T:
        """Run ``fn(store)`` in a worker thread: store calls block, the event loop must not."""
        return await asyncio.to_thread(lambda: fn(self.get()))

    async def call_by_key(self, fn: Callable[[GraphStore], T]) -> T:
        """Run ``fn(store)``, a read of records by their keys (a DataLoader batch). On the embedded store
        such a read is a few index lookups in this process, cheaper than the hand-over to a worker
        thread and back (measured: ~0.2 ms of CPU per request), so it runs right here; on a server
        it waits for the network, so it goes to a worker thread like every other call."""
        store = self._store
        if store is not None and store.name == "embedded":
            return fn(store)
        return await self.call(fn)

    def open_quietly(self) -> None:
        """Try to open the store at start-up; a failure is logged, not raised (see the module doc)."""
        try:
            self.get()
        except KGError as exc:
            log.warning("the %s store is not available yet (%s); will retry on the next request",
                        self._settings.store, exc)

    def close(self) -> None:
        if not self._owned:
            return
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # closing must never stop a shutdown
                log.exception("closing the %s store failed", store.name)
