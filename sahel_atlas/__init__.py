"""Sahel Atlas: everything that is not UI (schema, build, validation, queries, command line)."""

__version__ = "0.1.0"
