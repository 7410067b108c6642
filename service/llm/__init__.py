"""Chat models behind one small interface: local engines and an HTTP endpoint."""
