"""Draft annotations extracted from article texts and HTML pages, and their evaluation against curated ones."""
