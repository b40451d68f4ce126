"""Quality: the `quality` step scores damage that cleaning cannot undo (`score`)."""
