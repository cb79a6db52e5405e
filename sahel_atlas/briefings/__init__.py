"""Briefings: a presenter's ordered slides, each a view of the atlas with a title and a note."""
