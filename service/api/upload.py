"""Stream a multipart upload straight into the evidence store's incoming file.

Starlette's form parser would spool the whole file before the route runs, so neither
the size limit nor hashing could happen while bytes arrive. Here the body is fed chunk
by chunk to python-multipart: the ``file`` part goes to an ``Incoming`` (hashed, counted,
413 the moment it passes MAX_UPLOAD_MB), text fields are kept small in memory, and disk
writes run in the thread pool in ~1 MB batches so the event loop never waits on disk.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header
from starlette.concurrency import run_in_threadpool

from service.errors import BadRequestError
from service.store.evidence import Incoming

FILE_FIELD = "file"
MAX_FIELDS = 16
MAX_FIELD_BYTES = 16 * 1024
FLUSH_BYTES = 1 << 20


@dataclass
class ParsedUpload:
    fields: dict[str, str] = field(default_factory=dict)
    incoming: Incoming | None = None
    filename: str | None = None


def boundary_of(content_type: str | None) -> bytes:
    ctype, params = parse_options_header(content_type or "")
    if ctype != b"multipart/form-data" or not params.get(b"boundary"):
        raise BadRequestError("send multipart/form-data with a 'file' part")
    return params[b"boundary"]


class _Collector:
    """python-multipart callbacks; file bytes are queued for a threaded write."""

    def __init__(self, begin_file: Callable[[], Incoming]) -> None:
        self.result = ParsedUpload()
        self.pending: list[bytes] = []
        self.pending_size = 0
        self._begin_file = begin_file
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._name: str | None = None
        self._is_file = False
        self._data = bytearray()

    def on_part_begin(self) -> None:
        self._disposition, self._name, self._is_file = b"", None, False
        self._data = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise BadRequestError("a multipart part has no name")
        self._name = options[b"name"].decode("utf-8", "replace")
        if self._name == FILE_FIELD:
            if self.result.incoming is not None:
                raise BadRequestError("send exactly one 'file' part")
            self._is_file = True
            raw_name = options.get(b"filename")
            self.result.filename = raw_name.decode("utf-8", "replace") if raw_name else None
            self.result.incoming = self._begin_file()
        elif len(self.result.fields) >= MAX_FIELDS:
            raise BadRequestError("too many form fields")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._is_file:
            self.pending.append(chunk)
            self.pending_size += len(chunk)
            return
        if len(self._data) + len(chunk) > MAX_FIELD_BYTES:
            raise BadRequestError(f"form field {self._name!r} is too long")
        self._data.extend(chunk)

    def on_part_end(self) -> None:
        if not self._is_file and self._name is not None:
            try:
                self.result.fields[self._name] = self._data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BadRequestError(f"form field {self._name!r} is not UTF-8 text") from exc

    def take_pending(self) -> bytes:
        data = b"".join(self.pending)
        self.pending.clear()
        self.pending_size = 0
        return data


async def receive_upload(
    stream: AsyncIterator[bytes], content_type: str | None, begin_file: Callable[[], Incoming]
) -> ParsedUpload:
    """Parse the body; on any error the partial file is deleted before re-raising."""
    collector = _Collector(begin_file)
    parser = MultipartParser(boundary_of(content_type), {
        "on_part_begin": collector.on_part_begin,
        "on_part_data": collector.on_part_data,
        "on_part_end": collector.on_part_end,
        "on_header_field": collector.on_header_field,
        "on_header_value": collector.on_header_value,
        "on_header_end": collector.on_header_end,
        "on_headers_finished": collector.on_headers_finished,
    })
    try:
        async for chunk in stream:
            parser.write(chunk)
            if collector.pending_size >= FLUSH_BYTES:
                await _flush(collector)
        parser.finalize()
        await _flush(collector)
    except FormParserError as exc:
        _discard(collector.result)
        raise BadRequestError("malformed multipart body") from exc
    except BaseException:
        _discard(collector.result)
        raise
    if collector.result.incoming is None:
        raise BadRequestError("the 'file' part is missing")
    return collector.result


async def _flush(collector: _Collector) -> None:
    if collector.pending and collector.result.incoming is not None:
        await run_in_threadpool(collector.result.incoming.write, collector.take_pending())


def _discard(parsed: ParsedUpload) -> None:
    if parsed.incoming is not None:
        parsed.incoming.abort()
