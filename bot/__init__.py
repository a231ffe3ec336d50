"""Answers questions about news articles with the passage that answers them and its source."""

__version__ = "0.1.0"
