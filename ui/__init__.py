"""Streamlit glue shared by the pages: cached data, shared widgets, cards.

Kept apart from ``articlemap/`` (which must not import Streamlit) so the pages stay thin.
"""
