"""Actor profiles (a page per group, profiles for persons and others): pure logic, no Streamlit.

Modelled on the profiles of Stanford's Mapping Militant Organizations: a fact box
(`facts`), a short narrative (`summary`), the relationships (`relations`) as a link chart
(`links`, drawn by `link_figure`), the events (`events`), and every excerpt that mentions the
actor (`excerpts`, highlighted by `highlight`). `components/profile.py` renders what these
modules return.

Everything here returns raw (unescaped) text from the dataset, except where a function says it
builds Markdown (`highlight.highlight_markdown`) or a Plotly figure (`link_figure.link_figure`,
whose texts are escaped for Plotly's pseudo-HTML).
"""
