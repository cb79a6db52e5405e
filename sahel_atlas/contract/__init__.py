"""The data contract: tables, allowed values, problems, validation."""
