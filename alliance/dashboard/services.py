"""Counting the dashboard's platform-wide figures (see ``models.Snapshot``)."""

from __future__ import annotations

import time

from django.utils import timezone

from alliance.dashboard import selectors
from alliance.dashboard.models import Snapshot


def platform_snapshot_refresh() -> selectors.Platform:
    """Count every platform-wide figure now, keep the count and return it."""
    started = time.perf_counter()
    data = selectors.platform_count()
    seconds = time.perf_counter() - started
    snapshot, _ = Snapshot.objects.update_or_create(
        key=selectors.PLATFORM_SNAPSHOT,
        defaults={"data": data, "computed_at": timezone.now(), "seconds": round(seconds, 3)},
    )
    return selectors.platform_from(
        snapshot.data, computed_at=snapshot.computed_at, seconds=snapshot.seconds
    )
