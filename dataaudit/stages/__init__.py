"""The stage graph: every shared intermediate result, by name (a dict of functions and a memo,
not a framework). See base.py for what a stage is and runner.py for how it is computed."""

from __future__ import annotations

from . import (benchmarks, embedder, groups, kept_pairs, labels, leakage, learned, minimal_pair_stage, near, rules,
               semantic, texts)
from .base import Inputs, ProgressHook, Stage, StageFailed
from .runner import StageRunner

_FAMILIES = (texts, labels, embedder, minimal_pair_stage, kept_pairs, near, semantic, groups, learned, rules, leakage,
             benchmarks)
STAGES: dict[str, Stage] = {stage.name: stage for module in _FAMILIES for stage in module.STAGES}


def _check_graph() -> None:
    for stage in STAGES.values():
        for need in stage.needs:
            if need not in STAGES:
                raise RuntimeError(f"stage {stage.name} needs unknown stage {need}")


_check_graph()

__all__ = ["Inputs", "ProgressHook", "STAGES", "Stage", "StageFailed", "StageRunner"]
