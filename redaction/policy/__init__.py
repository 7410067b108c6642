"""Identification-refusal policy for user requests."""
