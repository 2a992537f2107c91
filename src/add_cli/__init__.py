"""add: keep a government action plan as versioned YAML and answer its keepers' questions."""

__version__ = "0.1.0"
