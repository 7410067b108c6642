"""The privacy layer's own exceptions.

The base class carries a stable ``code``, an exit code and an HTTP status, so the
application maps every error at its boundary (CLI, REST) without the privacy layer
knowing about either. Messages are one line and never contain evidence content.
"""

from __future__ import annotations


class BodycamError(Exception):
    """Base class. ``code`` is a stable machine-readable identifier."""

    code = "error"
    exit_code = 2
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IdentificationRefused(BodycamError):
    """The request asks to identify a person or to undo redaction."""

    code = "identification_refused"
    exit_code = 3
    http_status = 403

    def __init__(self, message: str, category: str) -> None:
        super().__init__(message)
        self.category = category
