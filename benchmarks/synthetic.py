"""Synthetic population (stub)."""


def synthetic_population():
    return [], []
