"""Crowd benchmark: real alliances hidden among thousands of generated companies.

    python benchmarks/crowd.py                       # N = 5000 and 20000, ../shared/data
    python benchmarks/crowd.py --crowd 5000 --data /work/shared/data --seed 3

On a real platform, the few well-described companies that belong together sit
among tens of thousands of ordinary, generically described ones. This hides
the development set (``dev_alliances.json``: real documented alliances and
their distractors) among ``N`` companies made by ``seed_demo``'s generator
(``partners.services.demo.demo_company_records``, seed ``--seed``), runs the
engine over the whole population, and reports over the real pairs:
recall@10, mutual@10 and MRR@10 by language pair, and over the population:
the exposure Gini, the share of companies suggested to nobody, the share of
lists shorter than ten and the mean list length. Each N is run **with and
without exposure control** (``exposure_iterations=0``) on the same index
inputs, so the cost of exposure control in recall is read off directly.

Phrase vectors are cached on disk like the Django phrase cache (see
``quality.DiskCachedEmbedder``); the first run embeds the demo banks once.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.local")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import django  # noqa: E402

django.setup()  # the demo generator lives in a Django app; no database is touched

from quality import DiskCachedEmbedder, evaluate, load_dev  # noqa: E402

from matching.engine import MatchingConfig, Profile, exposure_counts, gini, prepare  # noqa: E402
from matching.engine.scoring import score_all  # noqa: E402
from partners.services.demo import demo_company_records  # noqa: E402

TOP = 10


def crowd_profiles(n: int, seed: int) -> list[Profile]:
    """``n`` generated companies as ``seed_demo`` makes them (keys made from the names)."""
    return [Profile.from_exchange(r) for r in demo_company_records(count=n, seed=seed)]


def population_figures(lists, keys: list[str]) -> dict:
    counts = exposure_counts(lists, keys)
    lengths = [len(c.suggestions[:TOP]) for c in lists]
    return {
        "gini": gini(list(counts.values())),
        "never": sum(v == 0 for v in counts.values()) / max(len(counts), 1),
        "short": sum(n < TOP for n in lengths) / max(len(lengths), 1),
        "mean_list": sum(lengths) / max(len(lengths), 1),
        "max_lists": max(counts.values()) if counts else 0,
    }


def run(profiles, pairs, config: MatchingConfig, embedder) -> tuple[dict, dict, float]:
    started = time.perf_counter()
    index = prepare(profiles, embedder, config)
    lists = score_all(index, config)
    seconds = time.perf_counter() - started
    by_key = {p.key: p for p in profiles}
    return evaluate(lists, by_key, pairs), population_figures(lists, index.keys), seconds


def print_result(name: str, quality: dict, population: dict, seconds: float) -> None:
    parts = [f"{name:<26}"]
    for group in ("all", "ja-ja", "en-en", "ja-en"):
        if group in quality:
            r = quality[group]
            parts.append(
                f"{group} R@10 {r['recall@10']:.2f} mut {r['mutual']:.2f} MRR {r['mrr@10']:.2f}"
            )
    print(" | ".join(parts))
    print(
        f"{'':<26} population Gini {population['gini']:.3f} | suggested to nobody "
        f"{population['never']:.3f} | lists < {TOP}: {population['short']:.3f} | mean list "
        f"{population['mean_list']:.2f} | most lists {population['max_lists']} | {seconds:.1f} s"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crowd", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated crowd")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--without-control", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args(argv)
    if not (args.data / "dev_alliances.json").exists():
        parser.error(f"no development set at {args.data} (dev_alliances.json)")
    dev, pairs = load_dev(args.data)
    embedder = DiskCachedEmbedder()
    base = MatchingConfig()
    variants = [("exposure control on", base)]
    if args.without_control:
        variants.append(("exposure control off", replace(base, exposure_iterations=0)))
    for n in args.crowd:
        profiles = dev + (crowd_profiles(n, args.seed) if n else [])
        print(f"\n=== development set ({len(dev)}) among {n} generated (seed {args.seed}) ===")
        results = {}
        for name, config in variants:
            results[name] = run(profiles, pairs, config, embedder)
            print_result(name, *results[name])
        if len(results) == 2:
            on, off = (results[name][0]["all"]["recall@10"] for name, _ in variants)
            print(f"{'':<26} exposure control costs {off - on:+.3f} recall@10")
    print(f"\nembedded now: {embedder.embedded} phrases")


if __name__ == "__main__":
    main()
