"""Pure figure builders for each page: map, timeline, profile, reader, disagreements."""
