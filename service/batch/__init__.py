"""Batch processing of an evidence folder: runner, manifest and per-file worker."""
