"""HMAC-SHA256 helpers shared by the clients and the mock agencies: derived keys, compact
signed tokens (3-D Secure hand-off, e-Devlet assertions) and POS field signatures.

Every comparison of a signature is constant-time (``hmac.compare_digest``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time


class TokenError(Exception):
    """A token or signature that does not verify, is malformed, or has expired."""


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose (``"pos:merchant:alfa"``, ``"edevlet:client:alfa"``) from a master secret."""
    if not secret:
        raise ValueError("a signing secret is required")
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_token(key: bytes, payload: dict) -> str:
    """``base64url(json).base64url(hmac)``; the payload should carry ``exp`` (epoch seconds)."""
    body = _b64(json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode())
    return body + "." + _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())


def read_token(key: bytes, token: str, *, now: float | None = None) -> dict:
    """The payload of a token signed with ``key``; raises TokenError otherwise."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 8192:
        raise TokenError("malformed token")
    body, signature = token.split(".")
    expected = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, signature):
        raise TokenError("bad signature")
    try:
        payload = json.loads(_unb64(body))
    except ValueError as exc:
        raise TokenError("malformed payload") from exc
    if not isinstance(payload, dict):
        raise TokenError("malformed payload")
    exp = payload.get("exp")
    if not isinstance(exp, int | float) or (now if now is not None else time.time()) > exp:
        raise TokenError("expired")
    return payload


def fields_signature(key: bytes, fields: dict, names: tuple[str, ...]) -> str:
    """Base64 HMAC-SHA256 over ``name=value`` pairs of ``names`` joined by ``|`` (fixed order)."""
    message = "|".join(f"{name}={fields.get(name, '')}" for name in names)
    return base64.b64encode(hmac.new(key, message.encode(), hashlib.sha256).digest()).decode()


def check_fields_signature(key: bytes, fields: dict, names: tuple[str, ...], signature: object) -> bool:
    if not isinstance(signature, str):
        return False
    return hmac.compare_digest(fields_signature(key, fields, names).encode(), signature.encode())
