"""Timeline: events on a date axis by actor or type, events per year, leaders and groups."""

from components.frame import page_view
from components.timeline import render_timeline

view = page_view()
render_timeline(view)
