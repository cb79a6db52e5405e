"""Actors: every actor in the dataset, searchable by any name, with its events per origin."""

from components.frame import page_view
from components.actors import render_actors

view = page_view()
render_actors(view)
