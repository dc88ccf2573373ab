"""API-key permission for mutations: off unless ``settings.api_key`` is set; then a Bearer token."""

from __future__ import annotations

import hmac
from typing import Any

from strawberry.permission import BasePermission

from kg.errors import KGError
from schema.context import Info


class PermissionDenied(KGError):
    """The request may not run this field (no or wrong API key, mutations disabled)."""


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


class HasApiKey(BasePermission):
    """Mutations need ``Authorization: Bearer <KG_API_KEY>``, compared in constant time."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        key = info.context.settings.api_key
        if key is None or not key.get_secret_value():
            raise PermissionDenied("mutations are disabled on this server: start it with KG_API_KEY set "
                                   "and send that key as 'Authorization: Bearer <key>'")
        request = info.context.request
        token = bearer_token(request.headers.get("authorization") if request is not None else None)
        if token is None:
            raise PermissionDenied("this mutation needs the API key: send the header "
                                   "'Authorization: Bearer <key>'")
        if not hmac.compare_digest(token.encode("utf-8"), key.get_secret_value().encode("utf-8")):
            raise PermissionDenied("the API key sent in the Authorization header is not the server's key")
        return True
