"""The HTML report (page.py): overview with charts, the checks, and a work queue."""

from .page import render_html

__all__ = ["render_html"]
