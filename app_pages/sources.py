"""Sources: the documents with their metadata, and a reader that opens one at an excerpt."""

from components.frame import page_view
from components.reader import render_sources

view = page_view()
render_sources(view)
