"""The directory's total is kept for a minute; its rows are read each time."""

import pytest
from django.core.cache import cache

from alliance.pagination import CachedCountPaginator
from partners.models import Company
from tests.factories import CompanyFactory


@pytest.mark.django_db
def test_the_total_is_counted_once_then_read_from_the_cache(django_assert_num_queries):
    CompanyFactory.create_batch(3)
    first = CachedCountPaginator(Company.objects.order_by("id"), 2, count_key="all")
    assert first.count == 3 and first.num_pages == 2
    CompanyFactory()
    again = CachedCountPaginator(Company.objects.order_by("id"), 2, count_key="all")
    with django_assert_num_queries(1):  # the rows only
        assert again.count == 3  # the cached total, up to COUNT_TTL seconds late
        assert len(again.page(1).object_list) == 2  # the rows are read now
    other = CachedCountPaginator(Company.objects.filter(id__gt=0), 2, count_key="other")
    assert other.count == 4  # another filter, another total
    cache.clear()
    assert CachedCountPaginator(Company.objects.all(), 2, count_key="all").count == 4
