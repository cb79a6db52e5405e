"""Developer tools that are not part of the app: the load generator (`sahel-atlas loadtest`)."""
