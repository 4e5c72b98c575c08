"""Pagination of long lists whose exact total may be a little late.

Counting 100,000 listed companies takes tens of milliseconds on every page of the
directory; the rows themselves come from an index in a few. ``CachedCountPaginator``
keeps the total in the (shared) cache for ``COUNT_TTL`` seconds per list and filter,
so the total and the number of pages may lag behind by that much (and the last page
miss a company added meanwhile); the rows of every page are read each time.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_TTL = 60


class CachedCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = "count:" + hashlib.sha256(count_key.encode()).hexdigest()[:32]

    @cached_property
    def count(self) -> int:
        total = cache.get(self.count_key)
        if total is None:
            total = super().count
            cache.set(self.count_key, total, COUNT_TTL)
        return total
