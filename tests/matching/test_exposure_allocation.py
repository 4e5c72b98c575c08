"""Exposure control as deferred acceptance with capacities, on small hand-made markets."""

import itertools

import numpy as np
import pytest

from matching.engine.exposure import TOLERANCE, above_cutoff, deferred_acceptance


def market(rows):
    """(viewers, cands, scores) arrays from (viewer, candidate, pair score) triples."""
    viewers, cands, scores = zip(*rows, strict=True)
    return np.array(viewers), np.array(cands), np.array(scores, dtype=np.float64)


def held(viewers, cands, scores, cutoffs, top_k):
    """Each viewer's list under the cutoffs: its best ``top_k`` pairs that clear them."""
    out = {}
    for v in sorted(set(viewers.tolist())):
        mine = np.flatnonzero(viewers == v)
        ok = mine[above_cutoff(scores[mine], cutoffs, cands[mine])]
        best = ok[np.lexsort((cands[ok], -scores[ok]))][:top_k]
        out[v] = cands[best].tolist()
    return out


def test_a_pair_that_is_each_others_best_is_never_separated():
    # Company 9 is wanted by viewers 0-5; with viewer 0 it has its best pair score, and
    # 9 is viewer 0's best too. Capacity 1: 9 keeps viewer 0, whatever the others want.
    rows = [(0, 9, 0.80), (0, 7, 0.40)]
    rows += [(v, 9, 0.70 - v / 100) for v in range(1, 6)]
    rows += [(v, 7, 0.30) for v in range(1, 6)]
    viewers, cands, scores = market(rows)
    cutoffs = deferred_acceptance(viewers, cands, scores, 10, top_k=1, capacity=1, rounds=50)
    lists = held(viewers, cands, scores, cutoffs, top_k=1)
    assert lists[0] == [9]
    assert all(lists[v] != [9] for v in range(1, 6))
    assert cutoffs[9] == pytest.approx(0.69)  # the best score it had to turn away


def test_a_company_wanted_by_everyone_is_in_at_most_its_capacity_of_lists():
    rng = np.random.default_rng(5)
    rows = []
    for v in range(40):
        rows.append((v, 100, round(0.9 - rng.random() * 0.1, 6)))  # everyone's favourite
        rows += [(v, 100 + c, round(0.3 + rng.random() * 0.3, 6)) for c in range(1, 8)]
    viewers, cands, scores = market(rows)
    cutoffs = deferred_acceptance(viewers, cands, scores, 108, top_k=3, capacity=6, rounds=100)
    lists = held(viewers, cands, scores, cutoffs, top_k=3)
    counts = np.bincount([c for cs in lists.values() for c in cs], minlength=108)
    assert counts[100] == 6
    assert counts.max() <= 6
    # It keeps the six viewers with whom its pair score is highest.
    favourite = np.flatnonzero(cands == 100)
    kept = set(viewers[favourite[np.argsort(-scores[favourite])[:6]]].tolist())
    assert {v for v, cs in lists.items() if 100 in cs} == kept


def test_nobody_under_capacity_has_a_cutoff_and_short_markets_are_untouched():
    viewers, cands, scores = market([(0, 1, 0.5), (1, 2, 0.4), (2, 1, 0.3)])
    cutoffs = deferred_acceptance(viewers, cands, scores, 3, top_k=2, capacity=2, rounds=10)
    assert cutoffs.tolist() == [0.0, 0.0, 0.0]
    empty = deferred_acceptance(np.array([]), np.array([]), np.array([]), 4, 2, 2, 10)
    assert empty.tolist() == [0.0] * 4


def sequential_deferred_acceptance(rows, top_k, capacity):
    """The textbook algorithm, one proposal at a time: each viewer proposes down its
    list until it holds ``top_k``; a full candidate keeps its best ``capacity``."""
    prefs = {}
    for v, c, s in sorted(rows, key=lambda r: (r[0], -r[2], r[1])):
        prefs.setdefault(v, []).append((c, s))
    nxt = dict.fromkeys(prefs, 0)
    holding: dict[int, list] = {}
    rejected = []
    free = list(prefs)
    while free:
        v = free.pop()
        held_now = sum(v in [h[1] for h in hs] for hs in holding.values())
        while held_now < top_k and nxt[v] < len(prefs[v]):
            c, s = prefs[v][nxt[v]]
            nxt[v] += 1
            holding.setdefault(c, []).append((-s, v))
            holding[c].sort()
            held_now += 1
            if len(holding[c]) > capacity:
                loser_s, loser = holding[c].pop()
                rejected.append((c, -loser_s))
                if loser == v:
                    held_now -= 1
                else:
                    free.append(loser)
    cutoffs = {}
    for c, s in rejected:
        cutoffs[c] = max(cutoffs.get(c, 0.0), s)
    return cutoffs


@pytest.mark.parametrize("seed", range(6))
def test_the_array_rounds_reach_the_textbook_outcome(seed):
    rng = np.random.default_rng(seed)
    rows = []
    for v, c in itertools.product(range(30), range(30, 45)):
        if rng.random() < 0.5:
            rows.append((v, c, round(float(rng.random()), 3)))  # ties happen
    viewers, cands, scores = market(rows)
    got = deferred_acceptance(viewers, cands, scores, 45, top_k=4, capacity=5, rounds=500)
    # Ties broken as the array version breaks them: by viewer row.
    expected = sequential_deferred_acceptance(
        [(v, c, s - v * 1e-9) for v, c, s in rows], top_k=4, capacity=5
    )
    for c in range(45):
        assert got[c] == pytest.approx(expected.get(c, 0.0), abs=1e-6)
    # Stability: a viewer turned away had a lower score than all its candidate kept.
    lists = held(viewers, cands, scores, got, top_k=4)
    for v, c, s in rows:
        if c not in lists[v] and s > got[c] + TOLERANCE:
            # Not blocked by the cutoff: the viewer's list is full of better pairs.
            mine = [scores[k] for k in np.flatnonzero((viewers == v) & np.isin(cands, lists[v]))]
            assert len(lists[v]) == 4 and min(mine) >= s
