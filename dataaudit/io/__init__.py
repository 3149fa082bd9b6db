"""Loading labeled examples from files."""

from .load import FORMATS, load_dataset

__all__ = ["FORMATS", "load_dataset"]
