"""PII detection (Presidio + spoken-form recognizers) and pseudonymising redaction."""
