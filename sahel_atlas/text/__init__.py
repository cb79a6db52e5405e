"""Small text and value helpers used everywhere: dates, names, cell values."""
