"""Streamlit building blocks: each renders what the `sahel_atlas` package returns."""
