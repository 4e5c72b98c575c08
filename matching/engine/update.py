"""Changing one company in a prepared index without preparing everything again.

``replace_profile`` puts a new or edited profile into the index and
``remove_profile`` takes one out; both return a new :class:`Index` (the old
one is left as it was). Population statistics — centres, projections,
calibration bounds and breadth medians — are kept from the last full
``prepare``: one company changes them very little, and the next full run
refreshes them. Only the changed company's new phrases are embedded.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

import numpy as np

from .breadth import MIN_POPULATION, Breadth, breadth_means
from .candidates import key_vectors, place
from .config import MatchingConfig
from .embed import Embedder, unit_rows
from .hubness import hubs_of
from .index import FIELDS, Index, _meta
from .phrases import PhraseField, phrase_table
from .records import Profile


def _roles(config: MatchingConfig) -> dict[str, str]:
    return {
        "needs": config.need_role,
        "capabilities": config.capability_role,
        "goals": config.goal_role,
    }


def _with_row(field: PhraseField, row: int, replacing: bool, ids: np.ndarray) -> PhraseField:
    """``field`` with company ``row``'s phrase ids set to ``ids`` (a new row unless
    ``replacing``)."""
    counts = list(np.diff(field.ptr))
    lo = field.ptr[row]
    hi = field.ptr[row + 1] if replacing else lo
    counts[row : row + 1 if replacing else row] = [len(ids)]
    ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    joined = np.concatenate([field.ids[:lo], ids.astype(np.int32), field.ids[hi:]])
    return replace(field, ptr=ptr, ids=joined)


def _add_phrases(
    field: PhraseField,
    phrases: list[str],
    embedder: Embedder,
    role: str,
    projection: np.ndarray | None,
    config: MatchingConfig,
) -> tuple[PhraseField, np.ndarray]:
    """``field`` with any new phrases appended (embedded, centred, projected, their
    hubness measured), and their ids."""
    lookup = dict(field.id_of())
    missing = [p for p in phrases if p not in lookup]
    vectors, texts, hub = field.vectors, field.texts, field.hub
    if missing:
        fresh = unit_rows(embedder.embed(missing, role) - field.centre)
        if projection is not None:
            fresh = unit_rows(fresh @ projection)
        if hub is not None:
            hub = np.concatenate([hub, hubs_of(field, fresh, config)])
        vectors = np.concatenate([vectors, fresh])
        texts = texts + missing
        lookup.update({p: len(field.texts) + i for i, p in enumerate(missing)})
    ids = np.array([lookup[p] for p in phrases], dtype=np.int32)
    return replace(field, texts=texts, vectors=vectors, lookup=lookup, hub=hub), ids


def _set_row(array: np.ndarray, row: int, replacing: bool, value) -> np.ndarray:
    if replacing:
        out = array.copy()
        out[row] = value
        return out
    return np.insert(array, row, value, axis=0)


def _pooled_row(fields: dict[str, PhraseField], row: int) -> list[np.ndarray]:
    out = []
    for name in FIELDS:
        table = fields[name]
        vectors = table.vectors[table.of(row)]
        mean = vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1], np.float32)
        out.append(unit_rows(mean[None, :]))
    return out


def _breadth_with(index: Index, row: int, replacing: bool, config: MatchingConfig) -> Breadth:
    old = index.breadth
    arrays = [_set_row(a, row, replacing, 0.0) for a in (old.needs, old.capabilities, old.goals)]
    if len(index.lang) >= MIN_POPULATION and np.all(np.isfinite(old.medians)):
        means = breadth_means(index.fields, index.lang, index.calibration, config, np.array([row]))
        for kind, array in enumerate(arrays):
            array[row] = max(0.0, float(means[kind, 0]) - old.medians[kind])
    return Breadth(*arrays, medians=old.medians)


def replace_profile(
    index: Index, profile: Profile, embedder: Embedder, config: MatchingConfig
) -> Index:
    """A new index with ``profile`` inserted, or replacing the company of the same key.

    Rows stay in key order. Only phrases the index does not hold yet are
    embedded. Then ``rescore(new_index, profile.key, config, listed_by=...)``.
    """
    replacing = profile.key in index.row_of
    row = index.row_of[profile.key] if replacing else bisect.bisect(index.keys, profile.key)
    fields = {}
    for name in FIELDS:
        phrases, _, _ = phrase_table([getattr(profile, name)])
        table, ids = _add_phrases(
            index.fields[name],
            phrases,
            embedder,
            _roles(config)[name],
            index.phrase_projection,
            config,
        )
        fields[name] = _with_row(table, row, replacing, ids)
    meta = {
        k: _set_row(getattr(index, k), row, replacing, v[0]) for k, v in _meta([profile]).items()
    }
    keys = list(index.keys)
    keys[row : row + 1 if replacing else row] = [profile.key]
    placed = place(_pooled_row(fields, row), meta["lang"][row : row + 1], index.space)
    updated = replace(
        index,
        keys=keys,
        fields=fields,
        query=_set_row(index.query, row, replacing, placed[0]),
        key=_set_row(index.key, row, replacing, key_vectors(placed)[0]),
        row_of=index.row_of if replacing else {},  # rebuilt when rows shift
        division_rows=None,
        # A replaced company keeps its cutoff; a new one starts without any.
        exposure=None
        if index.exposure is None
        else _set_row(index.exposure, row, replacing, index.exposure[row] if replacing else 0.0),
        # Hubness is a population statistic: kept, and the median for a new company.
        hub=None
        if index.hub is None
        else _set_row(
            index.hub, row, replacing, index.hub[row] if replacing else float(np.median(index.hub))
        ),
        **meta,
    )
    updated.breadth = _breadth_with(updated, row, replacing, config)
    return updated


def remove_profile(index: Index, key: str) -> Index:
    """A new index without company ``key`` (its phrases stay in the tables, unused)."""
    row = index.row_of[key]
    fields = {}
    for name in FIELDS:
        table = index.fields[name]
        counts = np.delete(np.diff(table.ptr), row)
        ptr = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        ids = np.concatenate([table.ids[: table.ptr[row]], table.ids[table.ptr[row + 1] :]])
        fields[name] = replace(table, ptr=ptr, ids=ids)
    drop = lambda a: np.delete(a, row, axis=0)  # noqa: E731
    wide = index.breadth
    return replace(
        index,
        keys=index.keys[:row] + index.keys[row + 1 :],
        fields=fields,
        query=drop(index.query),
        key=drop(index.key),
        breadth=Breadth(drop(wide.needs), drop(wide.capabilities), drop(wide.goals), wide.medians),
        row_of={},
        division_rows=None,
        exposure=None if index.exposure is None else drop(index.exposure),
        hub=None if index.hub is None else drop(index.hub),
        **{
            k: drop(getattr(index, k))
            for k in ("lang", "section", "division", "strengths", "seeks")
        },
    )
