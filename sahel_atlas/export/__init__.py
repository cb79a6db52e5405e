"""Readable tables and CSV export of exactly the filtered rows."""
