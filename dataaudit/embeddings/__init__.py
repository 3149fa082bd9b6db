"""Sentence embeddings for the semantic checks: models, an on-disk cache, neighbour search."""

from .models import DEFAULT_EMBEDDER, EMBEDDERS, Embedder, EmbedderInfo, load_embedder, resolve_info

__all__ = ["DEFAULT_EMBEDDER", "EMBEDDERS", "Embedder", "EmbedderInfo", "load_embedder", "resolve_info"]
