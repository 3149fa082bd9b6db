"""Loading labeled examples from files (and DataFrames), and writing outputs atomically."""

from ..config.options import FORMATS
from .load import load_dataset, load_frame

__all__ = ["FORMATS", "load_dataset", "load_frame"]
