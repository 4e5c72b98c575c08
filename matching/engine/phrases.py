"""Per-field phrase tables: distinct phrases, their vectors, and who uses them.

Each field (needs, capabilities, goals) is stored CSR-style: company ``r``
uses phrase ids ``ids[ptr[r]:ptr[r+1]]`` into ``texts``/``vectors``. Each
distinct phrase is embedded once, however many companies use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .embed import Embedder, Role, unit_rows
from .text import normalise_phrase

EMBED_CHUNK = 20_000


@dataclass
class PhraseField:
    """Distinct phrases of one field and their centred unit vectors.

    ``vectors`` are the embedder's vectors minus ``centre`` (the field's
    population mean, shrunk for small populations), re-normalised: removing
    the direction every phrase shares makes cosines discriminative.

    ``hub`` (per phrase, set by ``hubness.phrase_hubs``) is how much each
    phrase resembles *everything* on the other side of a comparison; the
    engine subtracts it from every cosine the phrase takes part in, so a
    generic phrase must stand out to count as a match. ``hub_sample`` is the
    sample of the other side it was measured against (to measure new phrases).
    """

    texts: list[str]
    vectors: np.ndarray
    ptr: np.ndarray
    ids: np.ndarray
    centre: np.ndarray
    lookup: dict[str, int] | None = None
    hub: np.ndarray | None = None
    hub_sample: np.ndarray | None = None

    def hubs(self, ids: np.ndarray) -> np.ndarray:
        """The hub correction of phrase ids ``ids`` (0 where none is measured)."""
        if self.hub is None:
            return np.zeros(np.shape(ids), dtype=np.float32)
        return self.hub[ids]

    def of(self, row: int) -> np.ndarray:
        """Phrase ids of company ``row``, in the company's order."""
        return self.ids[self.ptr[row] : self.ptr[row + 1]]

    @property
    def counts(self) -> np.ndarray:
        return np.diff(self.ptr)

    def id_of(self) -> dict[str, int]:
        """Phrase text → id, built on first use."""
        if self.lookup is None:
            self.lookup = {text: i for i, text in enumerate(self.texts)}
        return self.lookup


def phrase_table(lists: Sequence[Sequence[str]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Distinct normalised phrases and the CSR (ptr, ids) of each list into them.

    Empty phrases and repeats within one list are dropped.
    """
    lookup: dict[str, int] = {}
    ids: list[int] = []
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    for row, phrases in enumerate(lists):
        own = dict.fromkeys(p for p in map(normalise_phrase, phrases) if p)
        ids.extend(lookup.setdefault(p, len(lookup)) for p in own)
        ptr[row + 1] = len(ids)
    return list(lookup), ptr, np.asarray(ids, dtype=np.int32)


def embed_table(embedder: Embedder, texts: Sequence[str], role: Role) -> np.ndarray:
    """Vectors of ``texts`` (distinct) in chunks, as float32 ``(len(texts), dim)``."""
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for start in range(0, len(texts), EMBED_CHUNK):
        chunk = list(texts[start : start + EMBED_CHUNK])
        out[start : start + len(chunk)] = embedder.embed(chunk, role)
    return out


def shrunk_centre(raw: np.ndarray, ids: np.ndarray, shrinkage: float) -> np.ndarray:
    """Occurrence-weighted mean of ``raw[ids]``, scaled by n / (n + shrinkage)."""
    if len(ids) == 0:
        return np.zeros(raw.shape[1], dtype=np.float32)
    weights = np.bincount(ids, minlength=len(raw)).astype(np.float64)
    mean = weights @ raw.astype(np.float64) / len(ids)
    return (mean * len(ids) / (len(ids) + shrinkage)).astype(np.float32)


def build_field(
    lists: Sequence[Sequence[str]], embedder: Embedder, role: Role, shrinkage: float
) -> PhraseField:
    """Table, embedding and centring of one field over all companies."""
    texts, ptr, ids = phrase_table(lists)
    raw = embed_table(embedder, texts, role)
    centre = shrunk_centre(raw, ids, shrinkage)
    return PhraseField(texts, unit_rows(raw - centre), ptr, ids, centre)


def pooled_means(field: PhraseField, chunk: int = 8192) -> np.ndarray:
    """Unit mean vector of each company's phrases, ``(n, d)`` float32 (zeros if none)."""
    n = len(field.ptr) - 1
    out = np.zeros((n, field.vectors.shape[1]), dtype=np.float32)
    for r0 in range(0, n, chunk):
        r1 = min(n, r0 + chunk)
        lo, hi = field.ptr[r0], field.ptr[r1]
        if hi == lo:
            continue
        starts = field.ptr[r0:r1] - lo
        filled = np.flatnonzero(np.diff(field.ptr[r0 : r1 + 1]))
        vectors = field.vectors[field.ids[lo:hi]]
        out[r0 + filled] = np.add.reduceat(vectors, starts[filled], axis=0)
    return unit_rows(out)
