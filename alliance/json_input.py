"""One strict reader for every JSON text Kyoso takes in (API bodies, import files).

Python's ``json`` module accepts texts that the API and the exchange format must
refuse, and fails badly on others:

- an object that names a key twice (``{"name": "A", "name": "B"}``) keeps the last
  value without a word: a promise to integrators cannot mean two things;
- nesting is limited only by the interpreter's stack: ``[[[[…]]]]`` a few hundred
  levels deep breaks code that walks the value, a thousand levels the decoder
  itself (``RecursionError``, a server error);
- ``NaN`` and ``Infinity`` are not JSON;
- a NUL character (U+0000) is valid JSON but no PostgreSQL text can hold it.

``json_strict_loads`` refuses each of these with a ``JsonRefused`` that says what is
wrong and where (a path such as ``companies[3].name``). The API's parser
(``StrictJSONParser``, DRF's ``DEFAULT_PARSER_CLASSES``) and the import of company
files (``partners.exchange.validation.document_parse``) both read through it.
The walk that checks the value is iterative, so no input can exhaust the stack.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Objects and lists inside one another; the exchange format needs 5, the API 4.
MAX_DEPTH = 32
NUL = "\x00"

Path = tuple[str | int, ...]


class JsonRefused(ValueError):
    """A JSON text that parses but may not be taken in; ``path`` says where."""

    def __init__(self, message: str, path: Path = (), *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code
        self.document: Any = None  # the parsed value, when parsing got that far


class _RepeatedKey(dict):
    """An object whose text named ``repeated`` more than once (refused by the walk)."""

    repeated: str


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) == len(pairs):
        return value
    seen: set[str] = set()
    marked = _RepeatedKey(value)
    for key, _value in pairs:
        if key in seen:
            marked.repeated = key
            break
        seen.add(key)
    return marked


def _refuse_constant(name: str) -> Any:
    raise ValueError(_("%(name)s is not a JSON number") % {"name": name})


def json_path(parts: Iterable[str | int]) -> str:
    """``("companies", 3, "name")`` -> ``companies[3].name``."""
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _where(path: Path) -> str:
    return json_path(path) or _("the top level")


def too_deep_message() -> str:
    return _("The JSON is nested more than %(max)d levels deep.") % {"max": MAX_DEPTH}


def nul_message() -> str:
    return _("The request contains a NUL character (U+0000), which no text may contain.")


def json_strict_loads(data: str | bytes, *, refuse_nul: bool = True) -> Any:
    """The value of a JSON text (bytes: UTF-8, -16 or -32).

    Raises ``JsonRefused`` for a repeated key, nesting deeper than ``MAX_DEPTH`` or
    (with ``refuse_nul``) a NUL character in a key or string; ``ValueError``
    (``json.JSONDecodeError`` among them) for text that is not JSON.
    """
    try:
        value = json.loads(data, object_pairs_hook=_object, parse_constant=_refuse_constant)
    except RecursionError:
        raise JsonRefused(too_deep_message(), code="too_deep") from None
    try:
        json_check(value, refuse_nul=refuse_nul)
    except JsonRefused as refused:
        refused.document = value
        raise
    return value


def json_check(value: Any, *, refuse_nul: bool = True) -> None:
    """Raise ``JsonRefused`` for the first problem of a parsed value, in document order."""
    stack: list[tuple[Any, Path]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            children = list(item.items())
            if isinstance(item, _RepeatedKey):
                raise JsonRefused(
                    _(
                        'The key "%(key)s" appears more than once in the object at %(where)s: '
                        "each key may appear only once."
                    )
                    % {"key": item.repeated, "where": _where(path)},
                    (*path, item.repeated),
                    code="duplicate_key",
                )
            if refuse_nul and any(NUL in key for key, _child in children):
                raise JsonRefused(nul_message(), path, code="nul")
        elif isinstance(item, list):
            children = list(enumerate(item))
        else:
            if refuse_nul and isinstance(item, str) and NUL in item:
                raise JsonRefused(nul_message(), path, code="nul")
            continue
        if len(path) >= MAX_DEPTH:
            raise JsonRefused(too_deep_message(), code="too_deep")
        stack.extend((child, (*path, name)) for name, child in reversed(children))


class StrictJSONParser(JSONParser):
    """DRF's JSON parser reading through ``json_strict_loads``: every refusal is a 400
    ``parse_error`` in the API's error format, with ``fields`` naming the place. NUL
    characters are left to the fields (a 400 ``invalid`` naming the field)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            # NUL is refused by each field that reads text (DRF's CharField, the record
            # validation); fields a view does not read are ignored, NUL or not.
            return json_strict_loads(text, refuse_nul=False)
        except JsonRefused as refused:
            raise StrictParseError(refused) from None
        except ValueError as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from None


class StrictParseError(ParseError):
    """A refused body; ``fields`` names the place when there is one."""

    def __init__(self, refused: JsonRefused):
        super().__init__(refused.message)
        self.fields = {json_path(refused.path): [refused.message]} if refused.path else None
