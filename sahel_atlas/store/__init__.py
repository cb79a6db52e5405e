"""Where datasets live: loading the Parquet tables, the DuckDB engine, atomic writes."""
