"""Page-number pagination: ``?page=2&page_size=50`` (at most 100 per page).

Both parameters are strict: a page number that is not a whole number of 1 or
more, or a page size below 1, is refused (400, naming the parameter) instead of
being silently replaced by a default; a larger page size than 100 gives 100; a
page past the last answers 404. The schema says the same, and
``schema.document_pagination_errors`` adds those answers to every paginated
operation.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.pagination import PageNumberPagination

from .exceptions import InputRefused

MAX_PAGE_SIZE = 100


def _whole_number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


class ApiPagination(PageNumberPagination):
    """A page of results: ``{"count", "next", "previous", "results"}``."""

    page_size_query_param = "page_size"
    # DRF's own text, marked here so that the schema shows it in Japanese too.
    page_query_description = gettext_lazy("A page number within the paginated result set.")
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()

    def get_page_size(self, request) -> int:
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        size = _whole_number(text)
        if size is None or size < 1:
            message = _("must be a whole number of 1 or more")
            raise InputRefused({self.page_size_query_param: [message]})
        return min(size, self.max_page_size)

    def get_page_number(self, request, paginator) -> int:
        text = request.query_params.get(self.page_query_param)
        if text is None:
            return 1
        number = _whole_number(text)
        if number is None or number < 1:
            raise InputRefused({self.page_query_param: [_("must be a whole number of 1 or more")]})
        return number

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                # Made while the schema is, in its language.
                parameter["description"] = _(
                    "Results per page (default %(size)s; more than %(most)s gives %(most)s)."
                ) % {"size": self.page_size, "most": self.max_page_size}
        return parameters
