"""A profile: one actor's facts, relationships, events and every excerpt that mentions it.

Registered once per actor (see components/navigation.py); the URL path says whose.
"""

from components.frame import page_view
from components.profile import render_profile

view = page_view()
render_profile(view)
