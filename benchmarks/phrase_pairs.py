"""How honest are the engine's reasons? Precision and recall of its evidence threshold.

    python benchmarks/phrase_pairs.py                      # development set as population
    python benchmarks/phrase_pairs.py --crowd 5000         # ... hidden among 5000 generated

A reason says "your need X matches their capability Y" only when the pair's
calibrated similarity reaches ``MatchingConfig.evidence_threshold``
(``evidence_threshold_across`` between Japanese and English). This
scores the labelled need–capability pairs of ``benchmarks/data/phrase_pairs/``
(JA–JA, EN–EN and JA–EN; related pairs, plainly unrelated ones, hard negatives
that share only a surface word or theme, and pairs on the same side of a deal)
exactly as the engine scores them inside a population, and reports per
language pair: precision and recall at the engine's threshold, the share of
each kind of negative that would be named as a match, and the best precision
reachable at recall 0.70 and 0.50 (with the threshold that reaches it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "phrase_pairs"
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from crowd import crowd_profiles  # noqa: E402
from quality import DiskCachedEmbedder, load_dev  # noqa: E402

from matching.engine import MatchingConfig, prepare  # noqa: E402
from matching.engine.evidence import pair_similarities  # noqa: E402

LANGUAGE_PAIRS = ("ja-ja", "en-en", "ja-en")


def language(text: str) -> str:
    """'ja' for text with kana or kanji, else 'en' (the set holds only these two)."""
    return (
        "ja"
        if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)
        else "en"
    )


def load_pairs(name: str) -> list[dict]:
    pairs = json.loads((DATA / f"{name}.json").read_text())["pairs"]
    for p in pairs:
        if set(p) != {"need", "capability", "related", "kind"}:
            raise ValueError(f"{name}: a pair must have need, capability, related, kind: {p}")
    return pairs


def best_precision(scores: np.ndarray, related: np.ndarray, recall: float) -> tuple[float, float]:
    """(precision, threshold) at the highest threshold whose recall reaches ``recall``
    (every pair at or above a threshold counts: ties are never split)."""
    for threshold in np.unique(scores)[::-1]:
        named = scores >= threshold
        if (named & related).sum() >= recall * max(related.sum(), 1):
            return float((named & related).sum() / named.sum()), float(threshold)
    return 0.0, 0.0


def report(index, embedder, config: MatchingConfig) -> None:
    for name in LANGUAGE_PAIRS:
        across = name.split("-")[0] != name.split("-")[1]
        threshold = config.evidence_threshold_across if across else config.evidence_threshold
        pairs = load_pairs(name)
        needs = [p["need"] for p in pairs]
        caps = [p["capability"] for p in pairs]
        scores = pair_similarities(
            index, needs, caps, [language(t) for t in needs], [language(t) for t in caps],
            embedder, config,
        )  # fmt: skip
        related = np.array([p["related"] for p in pairs])
        kinds = np.array([p["kind"] for p in pairs])
        named = scores >= threshold
        precision = (named & related).sum() / max(named.sum(), 1)
        recall = (named & related).sum() / max(related.sum(), 1)
        wrong = ", ".join(
            f"{kind} {named[kinds == kind].mean():.2f}"
            for kind in ("surface", "same_side", "unrelated")
            if np.any(kinds == kind)
        )
        p70, t70 = best_precision(scores, related, 0.70)
        p50, t50 = best_precision(scores, related, 0.50)
        print(
            f"{name} ({len(pairs)} pairs, {related.sum()} related): at {threshold:.2f} precision "
            f"{precision:.2f} recall {recall:.2f} | negatives named: {wrong} | best precision "
            f"at recall 0.70: {p70:.2f} (threshold {t70:.2f}), at 0.50: {p50:.2f} ({t50:.2f})"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crowd", type=int, nargs="+", default=[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--threshold", type=float, default=None, help="same language")
    parser.add_argument("--threshold-across", type=float, default=None, help="JA–EN")
    args = parser.parse_args(argv)
    config = MatchingConfig()
    if args.threshold is not None:
        config = replace(config, evidence_threshold=args.threshold)
    if args.threshold_across is not None:
        config = replace(config, evidence_threshold_across=args.threshold_across)
    embedder = DiskCachedEmbedder()
    dev = load_dev(args.data)[0] if (args.data / "dev_alliances.json").exists() else []
    for n in args.crowd:
        profiles = dev + (crowd_profiles(n, args.seed) if n else [])
        if not profiles:
            parser.error(f"no population: no development set at {args.data} and --crowd 0")
        print(f"\n=== population: {len(dev)} development companies + {n} generated ===")
        report(prepare(profiles, embedder, config, exposure=False), embedder, config)


if __name__ == "__main__":
    main()
