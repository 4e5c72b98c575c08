"""Embedding the phrases of company profiles into the phrase cache (workers only)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from matching.embeddings import phrase_digest, phrase_embedder
from matching.engine import cache_name
from matching.selectors import matchable_companies, matching_config

# ``progress(step, done, total)``, as the partners commands draw it.
Progress = Callable[[str, int, int], None]


def _phrases_by_role(company_ids: Iterable[int] | None) -> dict[str, set[str]]:
    config = matching_config()
    roles = {
        "needs": config.need_role,
        "capabilities": config.capability_role,
        "goals": config.goal_role,
    }
    rows = matchable_companies()
    if company_ids is not None:
        rows = rows.filter(id__in=list(company_ids))
    wanted: dict[str, set[str]] = {}
    for values in rows.values_list(*roles).iterator(chunk_size=5000):
        for field, phrases in zip(roles, values, strict=True):
            wanted.setdefault(roles[field], set()).update(p for p in phrases or () if p)
    return wanted


def phrases_embed_missing(
    *, company_ids: Iterable[int] | None = None, progress: Progress | None = None
) -> int:
    """Embed every phrase of (some or all) non-hidden companies that has no cached vector.

    Returns how many phrases were embedded; phrases already cached are never
    embedded again. ``progress("embed", done, total)`` is called per batch.
    """
    embedder = phrase_embedder()
    missing = {
        role: embedder.missing(sorted(phrases), role)
        for role, phrases in _phrases_by_role(company_ids).items()
    }
    total = sum(len(p) for p in missing.values())
    done = 0
    if progress:
        progress("embed", 0, total)
    for role, phrases in missing.items():
        if not phrases:
            continue
        offset = done

        def report(batch_done: int, _: int, offset: int = offset) -> None:
            if progress:
                progress("embed", offset + batch_done, total)

        model = cache_name(embedder.inner, role)  # type: ignore[arg-type]
        embedder.fill(model, role, {phrase_digest(p): p for p in phrases}, report)
        done += len(phrases)
    return total
