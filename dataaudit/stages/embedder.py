"""The embedder the settings name, resolved once for every stage and check that reads it.

A module of its own: a cached result's code is every module its stages' modules import
(cache/keys.py), and the stages that only ask which embedder runs (the minimal-pair rule, the
near pairs kept after it) must not reach the neighbour search or the encoder."""

from __future__ import annotations

from ..embeddings.models import resolve_info
from .base import Inputs, Stage


def embedder(inputs: Inputs):
    """The EmbedderInfo (None: --embedder none)."""
    return resolve_info(inputs.settings.embedder)


STAGES = (Stage("embedder", embedder),)
