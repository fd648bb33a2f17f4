"""The store's revisions, oldest first: each checks before it changes (see 0001)."""
