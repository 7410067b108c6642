"""The privacy layer: PII detection and pseudonymisation, audio bleeping, request policy."""
