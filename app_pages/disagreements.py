"""Where sources disagree: disputed and claimed events with their competing claims side by side."""

from components.frame import page_view
from components.disagreements import render_disagreements

view = page_view()
render_disagreements(view)
