"""Thin routers: parse, authorize, call the store or the engines, shape the response."""
