"""Data and export: the filtered events as a table, what they touch, and CSV downloads."""

from components.frame import page_view
from components.data_tables import render_data

view = page_view()
render_data(view)
