"""articlemap: turn an article into places, dated events and maps.

Pure logic only: nothing in this package imports Streamlit, so every piece can be
tested and reused (CLI, static export, the dashboard's pages).
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
