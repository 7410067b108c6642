"""The officer's review page (``/review``): read, recollect, edit and sign the draft."""

from service.api.review.router import router

__all__ = ["router"]
