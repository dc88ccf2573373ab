"""Schema extensions: the query limits from settings, and the error policy.

The error policy gives every error a ``code`` in its ``extensions`` and decides what a client may
read: messages of errors the client can fix (bad arguments, unknown ids, missing API key) pass as
they are; a store failure becomes "the graph store is unavailable: <reason>"; anything else becomes
"internal error" (its stack trace goes to the server log, never to the client). Secrets (the Neo4j
password, the API key) are scrubbed from every message that leaves the server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import partial

from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)

from kg.config import Settings
from kg.errors import ConfigError, KGError, NotFound, StoreTimeout, StoreUnavailable
from schema.limits import alias_limit_rule, depth_limit_rule
from schema.permissions import PermissionDenied

log = logging.getLogger("kg.api")


class RequestTimeout(KGError):
    """The whole request ran longer than ``settings.request_timeout_s``."""


#: (exception class, code, message template) in order: the first class the error is an instance of wins.
#: ``{message}`` is the exception's own message; templates without it hide it.
ERROR_POLICY: tuple[tuple[type[BaseException], str, str], ...] = (
    (StoreTimeout, "STORE_TIMEOUT", "the graph store did not answer in time: {message}"),
    (StoreUnavailable, "STORE_UNAVAILABLE", "the graph store is unavailable: {message}"),
    (RequestTimeout, "TIMEOUT", "{message}"),
    (PermissionDenied, "FORBIDDEN", "{message}"),
    (NotFound, "NOT_FOUND", "{message}"),
    (ConfigError, "SERVER_MISCONFIGURED", "the server is misconfigured: {message}"),
    (KGError, "BAD_USER_INPUT", "{message}"),
)
INTERNAL = ("INTERNAL_SERVER_ERROR", "internal error: the server log has the details")
GRAPHQL_CODE = "GRAPHQL_VALIDATION_FAILED"  # syntax, unknown field or enum value, limits


def classify(error: GraphQLError) -> tuple[str, str]:
    """The ``(code, client message)`` of an error, by :data:`ERROR_POLICY`."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        code = (error.extensions or {}).get("code") or GRAPHQL_CODE
        return str(code), error.message
    for cls, code, template in ERROR_POLICY:
        if isinstance(original, cls):
            return code, template.format(message=str(original))
    return INTERNAL


def is_expected(error: GraphQLError) -> bool:
    """Errors the client caused or the store reported: logged briefly, without a stack trace."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError | KGError)


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every one of ``secrets`` masked."""
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


class ErrorPolicy(SchemaExtension):
    """Rewrites the errors of a result by :func:`classify` and scrubs secrets from them."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        self.secrets = tuple(s for s in secrets if s)

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [self.rewrite(e) for e in errors]  # type: ignore[union-attr]

    def rewrite(self, error: GraphQLError) -> GraphQLError:
        code, message = classify(error)
        extensions = {k: v for k, v in (error.extensions or {}).items() if k != "code"}
        return GraphQLError(scrub(message, self.secrets), nodes=error.nodes, source=error.source,
                            positions=error.positions, path=error.path, original_error=None,
                            extensions={**extensions, "code": code})


class ScrubSecrets(logging.Filter):
    """A logging filter that masks secrets in a record's message and in its stack trace, so that an
    error that quotes the Neo4j password or the API key never writes them to the server's log."""

    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg, record.args = scrub(record.getMessage(), self.secrets), ()
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = scrub(record.exc_text, self.secrets)
        return True


#: The loggers a running API writes to: ours, the stores', and uvicorn's (errors escaping the app).
SCRUBBED_LOGGERS = ("kg.api", "kg.store", "uvicorn.error")


def secrets_of(settings: Settings) -> tuple[str, ...]:
    values = [settings.neo4j_password.get_secret_value()]
    if settings.api_key is not None:
        values.append(settings.api_key.get_secret_value())
    return tuple(v for v in values if v)


#: Distinct query texts whose parsed and validated documents are kept (dashboards repeat theirs).
DOCUMENT_CACHE_SIZE = 512


def schema_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Factories, so that every request gets its own extension instances.

    The depth and alias limits are validation rules. Their rule classes are made once here, not per
    request, so that a query text seen before skips parsing and validation (``ParserCache``,
    ``ValidationCache``: validating costs several times more than running a small query). Both rules
    are ours (:mod:`schema.limits`): strawberry's took exponential time on nested fragment spreads.
    """
    limit_rules = [
        depth_limit_rule(settings.max_query_depth),
        alias_limit_rule(settings.max_query_aliases),
    ]
    return [
        partial(MaxTokensLimiter, max_token_count=settings.max_query_tokens),
        partial(AddValidationRules, limit_rules),
        partial(ParserCache, maxsize=DOCUMENT_CACHE_SIZE),
        partial(ValidationCache, maxsize=DOCUMENT_CACHE_SIZE),
        partial(ErrorPolicy, secrets=secrets_of(settings)),
    ]
