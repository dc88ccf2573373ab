"""The ASGI app: the GraphQL endpoint and its offline playground at ``/graphql``, and ``/healthz``.

``create_app(settings)`` is uvicorn's factory (``uvicorn --factory schema.app:create_app``);
``serve(settings, host, port, reload)`` is what ``kg serve`` runs. The store is opened once per app
(at start-up, or at the first request when it was down then) and closed at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from kg.config import Settings, get_settings
from kg.errors import KGError
from kg.store import GraphStore
from schema.context import Context
from schema.extensions import (
    GRAPHQL_CODE,
    SCRUBBED_LOGGERS,
    RequestTimeout,
    ScrubSecrets,
    is_expected,
    schema_extensions,
    scrub,
    secrets_of,
)
from schema.lifecycle import StoreHandle
from schema.mutation import Mutation
from schema.query import Query

log = logging.getLogger("kg.api")

STATIC_DIR = Path(__file__).parent / "static"
PLAYGROUND_HTML = STATIC_DIR / "graphiql.html"


class KGSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Log an unexpected error with its stack trace; what a client caused only in brief."""
        for error in errors:
            if is_expected(error):
                log.info("graphql error at %s: %s", error.path, error.message)
            else:
                log.error("unexpected error at %s", error.path, exc_info=error.original_error)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with the limits of ``settings`` (the defaults when ``None``: for the SDL export)."""
    settings = settings or Settings()
    return KGSchema(query=Query, mutation=Mutation, extensions=schema_extensions(settings))


class GraphQLApp(GraphQL):
    """strawberry's ASGI view with our context, our offline playground and a request timeout."""

    def __init__(self, schema: strawberry.Schema, settings: Settings, handle: StoreHandle) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self.settings = settings
        self.handle = handle
        self._playground = PLAYGROUND_HTML.read_text(encoding="utf-8")

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(self._playground)

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        return Context.create(self.settings, self.handle, request=request, response=response)

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:  # type: ignore[override]
        """The response body; every error has a ``code``, syntax errors and the parser's limits too
        (they end the request before the error policy sees it)."""
        body = await super().process_result(request, result)
        for error in body.get("errors") or ():
            error.setdefault("extensions", {}).setdefault("code", GRAPHQL_CODE)
        return body

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        timeout = self.settings.request_timeout_s
        try:
            async with asyncio.timeout(timeout):  # unlike wait_for, no task of its own per request
                return await super().execute_single(*args, **kwargs)
        except TimeoutError:
            error = RequestTimeout(f"the request took longer than {timeout:g} s and was stopped: ask for "
                                   "less (smaller first, fewer nested fields) or try again later")
            log.warning("%s", error)
            return ExecutionResult(data=None, errors=[
                GraphQLError(str(error), extensions={"code": "TIMEOUT"})])


def max_body_bytes(settings: Settings) -> int:
    """The largest request body accepted: room for the longest article an ingest may send, as JSON."""
    return 4 * settings.max_article_chars + 64 * 1024


class BodyLimit:
    """Answers 413, before reading anything, a request whose declared body is bigger than ``limit``."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = dict(scope["headers"]).get(b"content-length", b"0")
            if not declared.isdigit() or int(declared) > self.limit:
                response = JSONResponse(
                    {"errors": [{"message": f"the request body is over {self.limit} bytes: send less "
                                            "(one article at a time, shorter queries)",
                                 "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]},
                    status_code=413)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None) -> Starlette:
    """The ASGI app. ``store``: use this open store instead of opening one (the caller closes it)."""
    settings = settings or get_settings()
    handle = StoreHandle(settings, store)
    graphql_app = GraphQLApp(build_schema(settings), settings, handle)
    secrets = secrets_of(settings)

    async def healthz(request: Request) -> JSONResponse:
        try:
            await asyncio.wait_for(asyncio.to_thread(handle.ping), settings.request_timeout_s)
        except KGError as exc:
            reason = scrub(str(exc), secrets)
        except TimeoutError:
            reason = f"no answer within {settings.request_timeout_s:g} s"
        else:
            return JSONResponse({"status": "ok", "store": handle.kind})
        body = {"status": "unavailable", "store": handle.kind, "reason": reason}
        return JSONResponse(body, status_code=503)

    async def home(request: Request) -> RedirectResponse:
        return RedirectResponse(url=request.url_for("graphql").path)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        scrubber = ScrubSecrets(secrets)  # from the first log line on: opening the store may fail
        for name in SCRUBBED_LOGGERS:
            logging.getLogger(name).addFilter(scrubber)
        try:
            await asyncio.to_thread(handle.open_quietly)
            yield
        finally:
            try:
                await asyncio.to_thread(handle.close)
            finally:
                for name in SCRUBBED_LOGGERS:
                    logging.getLogger(name).removeFilter(scrubber)

    routes = [
        Route("/graphql", graphql_app, name="graphql", methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/", home, methods=["GET"]),
        Mount("/static", app=GZipMiddleware(StaticFiles(directory=STATIC_DIR)), name="static"),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        ),
        Middleware(BodyLimit, limit=max_body_bytes(settings)),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.handle = handle
    app.state.settings = settings
    return app


#: Seconds uvicorn keeps an idle connection open. Its default, 5 s, is also httpx's keep-alive expiry
#: (and below the idle timeout of most proxies): a client reusing a connection as the server closes it
#: got a reset (9 in 5,915 requests of tests/reliability/load_test.py). Longer than the clients' wins.
KEEP_ALIVE_S = 75


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, reload: bool = False) -> None:
    """Run the app under uvicorn until interrupted."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    if reload:
        # A reloading server imports the app in a child process: hand the settings over as environment.
        os.environ["KG_STORE"] = settings.store
        here = Path(__file__).parent
        uvicorn.run("schema.app:create_app", factory=True, host=host, port=port, reload=True,
                    timeout_keep_alive=KEEP_ALIVE_S,
                    reload_dirs=[str(here), str(here.parent / "kg"), str(here.parent / "loaders")])
    else:
        uvicorn.run(create_app(settings), host=host, port=port, timeout_keep_alive=KEEP_ALIVE_S)
