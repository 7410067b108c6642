"""Identification-refusal policy for user requests (see ``gate`` for the layers)."""
