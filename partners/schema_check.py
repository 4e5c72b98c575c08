"""A fast, conservative pre-check compiled from a JSON Schema (a small keyword subset).

The ``jsonschema`` package needs about 0.4 ms per company of ``alliance-companies/1``:
40 s for a 100,000-company file. This module compiles the schema once into one
closure per subschema that answers "certainly valid?" in a few microseconds.

Contract: ``compile_check(schema)(instance)`` returns True only for instances that
``jsonschema`` accepts too. It may return False for instances ``jsonschema`` accepts
(it is stricter with ``1.0`` as an integer, or with non-string items of a
``uniqueItems`` list), so a caller runs ``jsonschema`` on whatever it rejects, for
the verdict and the messages. A schema outside the supported subset refuses to
compile rather than be half understood:

- ``$ref`` to ``#/...`` alone; ``enum`` or ``const`` of strings;
- ``type`` (one name) with the keywords of that type: ``minLength``, ``maxLength``,
  ``pattern`` (string); ``minimum`` (integer, number); ``items``, ``minItems``,
  ``maxItems``, ``uniqueItems`` (array); ``required``, ``properties``,
  ``additionalProperties: false`` (object);
- annotations (``title``, ``description``, ``$defs``...) anywhere.
"""

import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description"})


class UnsupportedSchema(ValueError):
    """The schema uses a keyword or form this compiler does not implement."""


def compile_check(
    schema: Mapping[str, Any] | bool, *, root: Mapping[str, Any] | None = None
) -> Check:
    """Compile ``schema`` (resolving ``#/...`` references in ``root``) into a predicate."""
    if isinstance(schema, bool):
        return (lambda _x: True) if schema else (lambda _x: False)
    root = schema if root is None else root
    keywords = {k: v for k, v in schema.items() if k not in _ANNOTATIONS}
    if set(keywords) == {"$ref"}:
        return compile_check(_resolve(keywords["$ref"], root), root=root)
    if "enum" in keywords or "const" in keywords:
        return _choice(keywords)
    kind = keywords.get("type")
    compiler = _TYPED.get(kind) if isinstance(kind, str) else None
    if compiler is None:
        raise UnsupportedSchema(f"schema {dict(keywords)!r} is not supported")
    allowed_keywords = _KEYWORDS[kind]
    unknown = set(keywords) - allowed_keywords
    if unknown:
        raise UnsupportedSchema(f"keywords {sorted(unknown)} with type {kind!r} are not supported")
    return compiler(keywords, root)


def _resolve(ref: Any, root: Mapping[str, Any]) -> Any:
    if not isinstance(ref, str) or not ref.startswith("#/"):
        raise UnsupportedSchema(f"only local references are supported, not {ref!r}")
    target: Any = root
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target


def _choice(keywords: Mapping[str, Any]) -> Check:
    # jsonschema compares with its own equality (1 == 1.0, True != 1); for strings it
    # agrees with Python's, so only string members are supported.
    extra = set(keywords) - {"enum", "const", "type"}
    values = list(keywords.get("enum", [])) + ([keywords["const"]] if "const" in keywords else [])
    if (
        extra
        or ("enum" in keywords and "const" in keywords)
        or keywords.get("type", "string") != "string"
    ):
        raise UnsupportedSchema(f"schema {dict(keywords)!r} is not supported")
    if not all(isinstance(v, str) for v in values):
        raise UnsupportedSchema("enum and const are supported with strings only")
    allowed = frozenset(values)
    return lambda x: isinstance(x, str) and x in allowed


def _string(keywords: Mapping[str, Any], _root: Mapping[str, Any]) -> Check:
    low, high = keywords.get("minLength", 0), keywords.get("maxLength")
    # jsonschema uses re.search too (so "^...$" also passes "abc\n": see the import rules).
    search = re.compile(keywords["pattern"]).search if "pattern" in keywords else None

    def check(x: Any) -> bool:
        if not isinstance(x, str) or len(x) < low or (high is not None and len(x) > high):
            return False
        return search is None or search(x) is not None

    return check


def _integer(keywords: Mapping[str, Any], _root: Mapping[str, Any]) -> Check:
    minimum = keywords.get("minimum")
    # Stricter than jsonschema, which also takes 1.0: such files go the slow way.
    return lambda x: (
        isinstance(x, int) and not isinstance(x, bool) and (minimum is None or x >= minimum)
    )


def _array(keywords: Mapping[str, Any], root: Mapping[str, Any]) -> Check:
    low, high = keywords.get("minItems", 0), keywords.get("maxItems")
    item = compile_check(keywords["items"], root=root) if "items" in keywords else None
    unique = keywords.get("uniqueItems", False)

    def check(x: Any) -> bool:
        if not isinstance(x, list) or len(x) < low or (high is not None and len(x) > high):
            return False
        if item is not None:
            for one in x:
                if not item(one):
                    return False
        # Strings only: other members (1 vs True vs 1.0) go to jsonschema's own equality.
        return not unique or (all(isinstance(i, str) for i in x) and len(set(x)) == len(x))

    return check


def _object(keywords: Mapping[str, Any], root: Mapping[str, Any]) -> Check:
    required = tuple(keywords.get("required", ()))
    properties = keywords.get("properties", {})
    subs = tuple((name, compile_check(sub, root=root)) for name, sub in properties.items())
    if keywords.get("additionalProperties", True) not in (True, False):
        raise UnsupportedSchema("only additionalProperties: true or false is supported")
    allowed = None if keywords.get("additionalProperties", True) else frozenset(properties)

    def check(x: Any) -> bool:
        if not isinstance(x, dict) or (allowed is not None and not x.keys() <= allowed):
            return False
        for name in required:
            if name not in x:
                return False
        for name, sub in subs:  # noqa: SIM110 (a plain loop: this is the hot path)
            if name in x and not sub(x[name]):
                return False
        return True

    return check


_TYPED: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], Check]] = {
    "string": _string,
    "integer": _integer,
    "array": _array,
    "object": _object,
}
_KEYWORDS = {
    "string": frozenset({"type", "minLength", "maxLength", "pattern"}),
    "integer": frozenset({"type", "minimum"}),
    "array": frozenset({"type", "items", "minItems", "maxItems", "uniqueItems"}),
    "object": frozenset({"type", "required", "properties", "additionalProperties"}),
}
