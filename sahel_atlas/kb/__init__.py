"""The knowledge base: YAML annotations and seed texts compiled to the contract."""
