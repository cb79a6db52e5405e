"""The shared filters (model, URL, sentence, SQL) and the queries they run."""
