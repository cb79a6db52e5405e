"""Map: where the filtered events happened, how precisely that is known, and who was there."""

from components.frame import page_view
from components.map import render_map

view = page_view()
render_map(view)
