"""Decoding, sniffing and discovering media files (evidence is opened read-only)."""
