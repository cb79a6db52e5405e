"""The Timeline page's figures: events on a date axis, per year, and leaders' tenures."""
