"""Evaluation harness: scores transcription, redaction, summaries and refusals."""
