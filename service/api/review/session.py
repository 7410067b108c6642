"""Sign-in for the review page: session cookie, CSRF tokens, the security headers.

The session cookie is HttpOnly, SameSite=Strict and (by default) Secure; it carries a
random token whose hash the store maps to the API key id. Every form carries the
session's CSRF token; the sign-in form, which has no session yet, uses a double-submit
token (a short-lived cookie that must equal the form field).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from fastapi.responses import Response

from service.config import Settings
from service.store import Store
from service.store.keys import ApiKey
from service.store.sessions import ReviewSession

SESSION_COOKIE = "bodycam_review"
LOGIN_CSRF_COOKIE = "bodycam_review_login"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "media-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass(frozen=True)
class SignedIn:
    key: ApiKey
    session: ReviewSession
    token: str


def signed_in(request: Request, store: Store) -> SignedIn | None:
    """The live session and its (still valid) key, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    session = store.review_sessions.get(token)
    if session is None or token is None:
        return None
    key = store.keys.get(session.key_id)
    if key is None:  # revoked since sign-in
        return None
    request.state.principal = key
    return SignedIn(key, session, token)


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=int(settings.review_session_hours * 3600),
                        path="/review", secure=settings.review_cookie_secure, httponly=True,
                        samesite="strict")


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/review", secure=settings.review_cookie_secure,
                           httponly=True, samesite="strict")


def login_token() -> str:
    return secrets.token_urlsafe(24)


def set_login_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path="/review",
                        secure=settings.review_cookie_secure, httponly=True, samesite="strict")


def login_token_ok(request: Request, submitted: str | None) -> bool:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    return bool(expected and submitted) and hmac.compare_digest(expected or "", submitted or "")


R = TypeVar("R", bound=Response)


def secure(response: R) -> R:
    response.headers.update(SECURITY_HEADERS)
    response.headers.setdefault("Cache-Control", "no-store")
    return response
