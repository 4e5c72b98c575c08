"""DRF's content negotiation, remembered per ``Accept`` header.

Which renderer answers, and with which media type, depends only on the ``Accept``
header, the ``format`` asked for and the view's renderers; DRF works it out again on
every request (parsing the header into media types and matching them), a tenth of the
suggestions API's own time when its answer is kept (issue #7). This remembers the
outcome per process for a bounded number of headers: a header seen before is answered
from memory, exactly as DRF answered it the first time. Refusals (406, 404) are not
remembered: they are worked out again, and raised, each time.
"""

from __future__ import annotations

from rest_framework.negotiation import DefaultContentNegotiation

#: Outcomes kept per process; when full, they are forgotten and learnt again.
KEPT = 256
#: Longer headers are negotiated each time (and never kept).
LONGEST_KEPT = 256

_known: dict[tuple, tuple[int, str]] = {}


class RememberingNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        # As DRF reads it (``request.headers``), without building every header's name.
        header = request.META.get("HTTP_ACCEPT", "*/*")
        asked = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        key = None
        if len(header) <= LONGEST_KEPT and (asked is None or len(asked) <= LONGEST_KEPT):
            key = (header, asked, tuple(type(renderer) for renderer in renderers))
            known = _known.get(key)
            if known is not None:
                index, media_type = known
                return renderers[index], media_type
        renderer, media_type = super().select_renderer(request, renderers, format_suffix)
        if key is not None:
            if len(_known) >= KEPT:
                _known.clear()
            index = next(i for i, candidate in enumerate(renderers) if candidate is renderer)
            _known[key] = (index, media_type)
        return renderer, media_type
