"""Exports for parliament: the annex tables and progress overviews, exactly as printed."""
