"""The REST service (FastAPI). See docs/api.md and DESIGN.md "REST"."""

from service.api.app import create_app

__all__ = ["create_app"]
