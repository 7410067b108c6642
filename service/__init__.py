"""bodycam: body-worn-camera audio to a redacted transcript and a grounded draft summary."""

import logging

__version__ = "0.1.0"

logger = logging.getLogger("bodycam")
logger.addHandler(logging.NullHandler())
