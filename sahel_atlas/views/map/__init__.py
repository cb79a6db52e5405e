"""The Map page's pure parts: place summary, labels, offline basemap, layers and the deck.

`places` summarises the filtered events by place (`cells` does the same for grid cells),
`view` frames the first view, `labels` and `layout` place the labels, `basemap` draws the
Natural Earth land, `layers` the places, `deck` assembles them, `legend` explains the colours.
"""
