"""Page-number pagination: ``?page=2&page_size=50`` (at most 100 per page)."""

from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100


class ApiPagination(PageNumberPagination):
    """A page of results: ``{"count", "next", "previous", "results"}``."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
