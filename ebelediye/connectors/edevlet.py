"""The mock e-Devlet Kapısı sign-in, as a client sees it (OIDC-style).

1. ``authorize_url(state, nonce, redirect_uri)``: send the browser there; the mock server's
   page lets the person pick or type a TCKN.
2. The page redirects to ``redirect_uri?assertion=...&state=...``.  Check ``state`` against
   the session, then ``verify_assertion(assertion, nonce=...)`` returns the TCKN and name.

The assertion is an HMAC-SHA256 signed token (``signing.sign_token``) with the client id as
audience, the nonce, and an expiry; keys derive from ``CONNECTORS_EDEVLET_SECRET`` per
client.  The identity issue builds the citizen sign-in on this.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlencode

from . import signing
from .settings import Settings

ASSERTION_SECONDS = 300


def client_key(secret: str, client_id: str) -> bytes:
    return signing.derive_key(secret, f"edevlet:client:{client_id}")


def authorize_url(settings: Settings, *, client_id: str, redirect_uri: str, state: str, nonce: str) -> str:
    query = urlencode({"client_id": client_id, "redirect_uri": redirect_uri, "state": state, "nonce": nonce})
    return f"{settings.url}/edevlet/giris?{query}"


def sign_assertion(secret: str, *, client_id: str, tckn: str, ad: str, soyad: str, nonce: str,
                   now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return signing.sign_token(client_key(secret, client_id), {
        "iss": "edevlet-mock", "aud": client_id, "sub": tckn, "ad": ad, "soyad": soyad, "nonce": nonce,
        "iat": issued, "exp": issued + ASSERTION_SECONDS})


@dataclass(frozen=True)
class Identity:
    tckn: str
    ad: str
    soyad: str


def verify_assertion(settings: Settings, assertion: str, *, client_id: str, nonce: str,
                     now: float | None = None) -> Identity:
    """The signed-in person, or ``signing.TokenError`` (forged, expired, other client or nonce)."""
    payload = signing.read_token(client_key(settings.edevlet_secret, client_id), assertion, now=now)
    if payload.get("aud") != client_id or payload.get("iss") != "edevlet-mock":
        raise signing.TokenError("wrong audience")
    if not isinstance(nonce, str) or not nonce or payload.get("nonce") != nonce:
        raise signing.TokenError("nonce mismatch")
    if not all(isinstance(payload.get(k), str) for k in ("sub", "ad", "soyad")):
        raise signing.TokenError("malformed assertion")
    return Identity(payload["sub"], payload["ad"], payload["soyad"])
