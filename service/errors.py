"""Domain exceptions, mapped to exit codes and HTTP statuses only at the boundary.

Messages are one line, safe to show a user and never contain evidence content
(no transcript text, no PII values, no server paths beyond the user's own input name).
"""

from __future__ import annotations

from redaction.errors import BodycamError, IdentificationRefused

__all__ = ["BodycamError", "IdentificationRefused"]  # re-exported: the boundary maps both


class MediaError(BodycamError):
    code = "unreadable_media"
    http_status = 422


class EmptyFileError(MediaError):
    code = "empty_file"


class NotMediaError(MediaError):
    code = "not_media"
    http_status = 415


class NoAudioStreamError(MediaError):
    code = "no_audio_stream"


class ZeroDurationError(MediaError):
    code = "zero_duration"


class TruncatedError(MediaError):
    code = "truncated_media"


class TooLongError(MediaError):
    code = "too_long"


class TooLargeError(BodycamError):
    code = "too_large"
    http_status = 413


class ModelNotAvailableError(BodycamError):
    code = "model_not_available"
    http_status = 503


class NotFoundError(BodycamError):
    code = "not_found"
    http_status = 404


class BadRequestError(BodycamError):
    code = "bad_request"
    http_status = 422


class EvidenceIntegrityError(BodycamError):
    """A stored original no longer matches the SHA-256 recorded when it arrived.

    A server-side fault (500-class), never the client's: the file is not served and the
    event is audited, so an altered original cannot leave the store as if it were genuine.
    """

    code = "evidence_integrity"
    http_status = 500
