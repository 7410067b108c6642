"""Recognizers for what people say on camera, registered through one registry.

One recognizer per module (Presidio style); ``register_all`` adds them to an analyzer.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerRegistry


def all_recognizers() -> list[EntityRecognizer]:
    """Instances of every project recognizer (add new ones here)."""
    return []


def register_all(registry: RecognizerRegistry) -> None:
    for recognizer in all_recognizers():
        registry.add_recognizer(recognizer)
