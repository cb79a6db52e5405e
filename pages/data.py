"""Data and export: the filtered events as a table, what they touch, and CSV downloads."""

from components.context import current_view
from components.data_tables import render_data

render_data(current_view())
