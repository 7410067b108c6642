"""Speech recognition: the ``Transcriber`` interface and its faster-whisper engine."""
