"""Pieces of the OpenAPI schema shared by every endpoint: the token scheme and the
documented error body."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema_serializer
from rest_framework import serializers

from partners.text import invisible_class


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "alliance.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "kyo_<prefix>_<secret>",
            "description": str(_("A personal API token, made on the account's “API tokens” page.")),
        }


@extend_schema_serializer(description=_("The body of every answer with a status of 400 or more."))
class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Machine-readable: invalid, not_found, throttled …"))
    message = serializers.CharField(help_text=_("For people, in the request's language."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Only when input was refused: messages per field path."),
    )


# The descriptions are marked with gettext_noop: their English text names the examples
# (the same keys in every language), and they are translated when the schema is made.
_ERRORS = {
    400: (
        gettext_noop("Input refused"),
        {
            "code": "invalid",
            "message": "The request was refused: the fields say what to correct.",
            "fields": {"capabilities": ["must list at least 1 item(s)"]},
        },
    ),
    401: (
        gettext_noop("No valid credentials"),
        {"code": "not_authenticated", "message": "Authentication credentials were not provided."},
    ),
    403: (
        gettext_noop("Not allowed"),
        {
            "code": "permission_denied",
            "message": "You do not have permission to perform this action.",
        },
    ),
    404: (gettext_noop("Not found"), {"code": "not_found", "message": "Not found."}),
    409: (
        gettext_noop("Refused by the object's present state"),
        {"code": "conflict", "message": "This interest has already been answered."},
    ),
    429: (
        gettext_noop("Too many requests (see Retry-After)"),
        {
            "code": "throttled",
            "message": "Request was throttled. Expected available in 42 seconds.",
        },
    ),
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """Documented error answers (401 and 429 are added to every endpoint's list)."""
    wanted = sorted({*statuses, 401, 429})
    return {
        code: OpenApiResponse(
            response=ErrorSerializer,
            description=_(_ERRORS[code][0]),
            examples=[
                OpenApiExample(
                    _ERRORS[code][0], summary=_(_ERRORS[code][0]), value=_ERRORS[code][1]
                )
            ],
        )
        for code in wanted
    }


def no_content() -> dict[int, OpenApiResponse]:
    """The 204 of an operation that answers without a body, described in the schema's
    language (drf-spectacular's own "No response body" is English only)."""
    return {204: OpenApiResponse(description=_("No response body"))}


_PAGINATION_ERRORS = {
    400: (
        gettext_noop("Bad page or page size"),
        {
            "code": "invalid",
            "message": "The request was refused: the fields say what to correct.",
            "fields": {"page_size": ["must be a whole number of 1 or more"]},
        },
    ),
    404: (gettext_noop("Page past the last"), {"code": "not_found", "message": "Invalid page."}),
}


def document_pagination_errors(result, generator, request, public):
    """``POSTPROCESSING_HOOKS``: every paginated operation (one with a ``page``
    parameter) documents the 400 of a bad ``page``/``page_size`` and the 404 of a
    page past the last, so no list endpoint can forget them."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            names = {
                p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"
            }
            if "page" not in names:
                continue
            for code in (400, 404):
                if str(code) not in operation["responses"]:
                    description, example = _PAGINATION_ERRORS[code]
                    operation["responses"][str(code)] = {
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"},
                                "examples": {
                                    "".join(description.title().split()): {
                                        "value": example,
                                        "summary": gettext(description),
                                    }
                                },
                            }
                        },
                        "description": gettext(description),
                    }
            operation["responses"] = dict(sorted(operation["responses"].items()))
    return result


_MALFORMED = (
    gettext_noop("Malformed request"),
    {
        "code": "parse_error",
        "message": "The request contains a NUL character (U+0000), which no text may contain.",
    },
)
_TOO_LARGE = (
    gettext_noop("Body too large"),
    {
        "code": "too_large",
        "message": "The request body is larger than 2,621,440 bytes, the most the API reads "
        "in one request.",
    },
)


# Answered by the proxy (deploy/nginx/kyoso.conf: large_client_header_buffers 16k) or
# gunicorn before Django runs: their own page, not the error format.
_URI_TOO_LONG = {
    "description": gettext_noop(
        "Request line too long (over 16 KiB): answered by the server in front of the "
        "application, as a plain page, not in the error format."
    ),
    "content": {"text/html": {"schema": {"type": "string"}}},
}
# Texts may hold any character but NUL (PostgreSQL stores none): see alliance/nul.py.
NO_NUL = r"^[^\u0000]*$"
# What Python's str.strip() strips, as a character class of the schema's (ECMA) regular
# expressions.
SPACES = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# What the API's texts trim (StrictCharField, the exchange format's checks): spaces and
# invisible characters such as zero-width spaces (partners.text). A required text is
# refused when nothing else is left.
INVISIBLE = invisible_class()
NOT_BLANK = rf"^[^\u0000]*[^{INVISIBLE}\u0000][^\u0000]*$"


def _error_response(description: str, example: dict) -> dict:
    """``description``: the English text (gettext_noop), translated here, in the language
    the schema is being made in; the example's name stays the English one."""
    name = "".join(description.title().split())
    return {
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Error"},
                "examples": {name: {"value": example, "summary": gettext(description)}},
            }
        },
        "description": gettext(description),
    }


def document_malformed_requests(result, generator, request, public):
    """``POSTPROCESSING_HOOKS``: any operation can answer 400 to a request that cannot be
    read at all (malformed JSON, a key named twice, nesting deeper than 32 levels, a NUL
    character in the path, query or body: see ``alliance/json_input.py`` and
    ``alliance/nul.py``); those that document no 400 of their own get this one. Every
    operation that takes a body can answer 413 to one over ``DATA_UPLOAD_MAX_MEMORY_SIZE``,
    and any 414 to a request line over the proxy's limit (deploy/nginx/kyoso.conf). Free
    texts in parameters and request bodies say that NUL is refused (a pattern)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation["responses"]
            if "400" not in responses:
                responses["400"] = _error_response(*_MALFORMED)
            _body_required_if_fields_are(operation, result)
            if "requestBody" in operation and "413" not in responses:
                responses["413"] = _error_response(*_TOO_LARGE)
            if "414" not in responses:
                responses["414"] = {
                    **_URI_TOO_LONG,
                    "description": gettext(_URI_TOO_LONG["description"]),
                }
            for parameter in operation.get("parameters", []):
                _refuse_nul(parameter.get("schema", {}))
            operation["responses"] = dict(sorted(responses.items()))
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _refuse_nul(component)
    return result


def _body_required_if_fields_are(operation: dict, result: dict) -> None:
    """A body with required fields is itself required (an empty request is refused)."""
    body = operation.get("requestBody")
    schema = (body or {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = result["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("required"):
        body["required"] = True


def _refuse_nul(schema: dict) -> None:
    """Add ``NO_NUL`` to every free string of a schema (not enums, formats or patterns),
    ``NOT_BLANK`` to the required ones (``minLength``: DRF's text fields trim first)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        types = node.get("type")
        is_string = types == "string" or (isinstance(types, list) and "string" in types)
        if is_string and not ({"enum", "pattern", "format", "$ref"} & node.keys()):
            node["pattern"] = NOT_BLANK if node.get("minLength", 0) >= 1 else NO_NUL
        stack.extend(node.get("properties", {}).values())
        stack.extend(v for k, v in node.items() if k in ("items", "additionalProperties"))
        for key in ("allOf", "anyOf", "oneOf"):
            stack.extend(node.get(key, []))


def interpolate_lazy(message: str | Promise, **values) -> Promise:
    """``message % values``, translated when it is rendered (in the language the schema
    is made in), not when the module is imported: for a description with
    ``%(name)s`` placeholders, which ``gettext_lazy(...) % values`` would fix at once."""
    return lazy(lambda: str(message) % values, str)()


_INTRODUCTION = Path(__file__).resolve().parent / "description.md"


@cache
def introduction(language: str) -> str:
    """The API's introduction (``info.description``) in ``language``, one of
    ``settings.LANGUAGES``: ``description.ja.md`` beside ``description.md`` (English), or
    the English one for a language without its own file."""
    translated = _INTRODUCTION.with_suffix(f".{language}.md")
    chosen = translated if translated.is_file() else _INTRODUCTION
    return chosen.read_text(encoding="utf-8")


def describe_in_language(result, generator, request, public):
    """``POSTPROCESSING_HOOKS``: the introduction in the language the schema is made in
    (``?lang=``, else the request's); ``SPECTACULAR_SETTINGS["DESCRIPTION"]`` holds the
    English one, read at settings load, once for every language. ``?lang=`` is the
    client's: only a language of the site names a file (and a cached text)."""
    language = (translation.get_language() or "").split("-")[0].lower()
    if language not in dict(settings.LANGUAGES):
        language = "en"
    result.setdefault("info", {})["description"] = introduction(language)
    return result
