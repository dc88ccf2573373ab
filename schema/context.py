"""The typed context every resolver receives as ``info.context``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from kg.config import Settings
from kg.store import GraphStore
from schema.dataloaders import Loaders
from schema.lifecycle import StoreHandle

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    settings: Settings
    handle: StoreHandle
    loaders: Loaders  # fresh per request: their caches never outlive it
    request: Request | None = None
    response: Response | None = None

    @classmethod
    def create(cls, settings: Settings, handle: StoreHandle, request: Request | None = None,
               response: Response | None = None) -> Context:
        return cls(settings=settings, handle=handle, loaders=Loaders.create(handle), request=request,
                   response=response)

    async def store(self, fn: Callable[[GraphStore], T]) -> T:
        """``await ctx.store(lambda s: s.stats())``: one store call, in a worker thread."""
        return await self.handle.call(fn)


Info = StrawberryInfo[Context, None]
