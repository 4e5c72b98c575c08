"""Every route of the site's URL resolver, for the tests that try them all."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver


def named_routes(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(route, name with its namespaces) of every pattern under ``resolver``."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            yield from named_routes(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, ":".join(filter(None, (namespace, pattern.name or "")))


def routes(resolver: URLResolver) -> list[str]:
    """Every route under ``resolver``, as its pattern text."""
    return [route for route, _name in named_routes(resolver)]
