"""Whether a document of ``alliance-companies/1`` may be imported, and every reason why not.

Two layers, both collected completely before anything is written:

1. the JSON Schema shipped in ``partners/schemas/`` (a copy of the public contract),
   checked with ``jsonschema``; a compiled pre-check (``partners.schema_check``) lets
   valid records skip the slow validator, which then only explains rejected ones;
2. rules the schema cannot express: the division belongs to the section, keys are
   unique in the file, patterns match the whole value (Python's ``$`` also matches
   before a final line break), integers and texts fit in the database, a required
   text (``name``, each capability, need and goal) holds something visible: spaces and
   invisible characters such as zero-width spaces do not count (``partners.text``;
   they are trimmed from the edges of every text when it is stored, see ``records``).
"""

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft202012Validator, ValidationError

from alliance.json_input import JsonRefused, json_strict_loads
from alliance.json_input import json_path as field_path
from partners.reference import division_section
from partners.schema_check import Check, compile_check
from partners.text import BLANK_TEXT_MESSAGE, is_blank

from .problems import DOCUMENT, ImportProblem, ImportValidationError, record_label

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "companies.schema.json"
# PositiveIntegerField's upper bound on every supported database.
MAX_INTEGER = 2_147_483_647
# NUL and unpaired surrogates: valid in JSON, but no database stores them.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_TEXT_FIELDS = ("name", "description")
_PHRASE_FIELDS = ("capabilities", "needs", "goals")

ProgressCallback = Callable[[str, int, int], None]
PROGRESS_STEP = 2000

_PATTERN_HINTS = {
    "key": gettext_lazy(
        "must be 2 to 64 lowercase letters, digits or hyphens, not starting with a hyphen"
    ),
    "industry": gettext_lazy("must be an ISIC Rev.4 section letter, A to U"),
    "industry_division": gettext_lazy("must be an ISIC Rev.4 division: two digits"),
    "region": gettext_lazy("must be an ISO 3166 code such as JP or JP-13"),
}
_TYPE_NAMES = {
    "object": gettext_lazy("an object"),
    "array": gettext_lazy("a list"),
    "string": gettext_lazy("a string"),
    "integer": gettext_lazy("a whole number"),
}


@cache
def company_schema() -> dict[str, Any]:
    """The JSON Schema of ``alliance-companies/1``, as shipped with the project."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validators() -> tuple[Draft202012Validator, Draft202012Validator, Check]:
    schema = company_schema()
    # The document without its companies (checked one by one, for progress and labels).
    outer = json.loads(json.dumps(schema))
    outer["properties"]["companies"]["items"] = True
    one = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/company"}
    return Draft202012Validator(outer), Draft202012Validator(one), compile_check(one)


def document_parse(data: str | bytes) -> Any:
    """Parse JSON text (bytes: UTF-8, -16 or -32); raise ``ImportValidationError`` if it is
    not JSON, names a key twice in an object or nests too deeply (``alliance.json_input``).
    NUL characters pass here: the validation names each field that holds one."""
    try:
        return json_strict_loads(data, refuse_nul=False)
    except JsonRefused as refused:
        raise ImportValidationError([_refused_problem(refused)]) from None
    except json.JSONDecodeError as exc:
        message = _("not valid JSON: %(error)s (line %(line)d, column %(column)d)") % {
            "error": exc.msg,
            "line": exc.lineno,
            "column": exc.colno,
        }
    except (ValueError, UnicodeDecodeError) as exc:
        message = _("not valid JSON: %(error)s") % {"error": exc}
    raise ImportValidationError([ImportProblem(DOCUMENT, "", message)])


def _refused_problem(refused: JsonRefused) -> ImportProblem:
    """The problem of a text ``json_strict_loads`` refused, named by record and field."""
    path = refused.path
    if refused.code == "duplicate_key":
        message = _("appears more than once: each field may appear only once")
    else:
        message = refused.message
    if len(path) >= 2 and path[0] == "companies" and isinstance(path[1], int):
        document = refused.document
        companies = document.get("companies") if isinstance(document, dict) else None
        record = companies[path[1]] if isinstance(companies, list) else None
        return ImportProblem(record_label(path[1], record), field_path(path[2:]), message)
    return ImportProblem(DOCUMENT, field_path(path), message)


def document_problems(
    document: Any, *, progress: ProgressCallback | None = None
) -> list[ImportProblem]:
    """Every problem of a parsed document, in file order; empty when it may be imported."""
    outer, _one, _check = _validators()
    problems = _schema_problems(DOCUMENT, outer.iter_errors(document))
    companies = document.get("companies") if isinstance(document, dict) else None
    if not isinstance(companies, list):
        return problems
    first_index: dict[str, int] = {}
    total = len(companies)
    for index, record in enumerate(companies):
        problems += record_problems(record, index=index, first_index=first_index)
        if progress and ((index + 1) % PROGRESS_STEP == 0 or index + 1 == total):
            progress("validate", index + 1, total)
    return problems


def record_problems(
    record: Any, *, index: int, first_index: dict[str, int] | None = None
) -> list[ImportProblem]:
    """The problems of one company record at position ``index`` of the file.

    ``first_index`` (key -> first position) is filled in as records pass, to find
    duplicate keys; leave it out to check a record on its own.
    """
    _outer, one, check = _validators()
    label = record_label(index, record)
    problems = [] if check(record) else _schema_problems(label, one.iter_errors(record))
    if isinstance(record, dict):
        problems += _rule_problems(label, record)
        if first_index is not None:
            problems += _duplicate_problems(label, record, index, first_index)
    return problems


def _schema_problems(label: str, errors: Iterator[ValidationError]) -> list[ImportProblem]:
    problems: dict[ImportProblem, None] = {}  # ordered, without repeats
    for error in errors:
        for path, message in _explain(error):
            problems[ImportProblem(label, field_path(path), str(message))] = None
    return list(problems)


def _explain(error: ValidationError) -> Iterator[tuple[list[str | int], str]]:
    """(field path, message) pairs for one jsonschema error, in the words of the format."""
    path, keyword, value, instance = (
        list(error.absolute_path),
        error.validator,
        error.validator_value,
        error.instance,
    )
    if keyword == "required":
        for name in value:
            if name not in instance:
                yield [*path, name], _("is required")
    elif keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        for name in instance:
            if name not in known:
                yield [*path, name], _("is not a field of the format")
    else:
        yield path, _keyword_message(keyword, value, instance, path)


def _keyword_message(keyword: str, value: Any, instance: Any, path: list[str | int]) -> str:
    field = path[-1] if path else ""
    if keyword == "type":
        return _("must be %(type)s") % {"type": _TYPE_NAMES.get(value, value)}
    if keyword == "const":
        return _('must be "%(value)s"') % {"value": value}
    if keyword == "enum":
        return _("must be one of: %(values)s") % {"values": ", ".join(map(str, value))}
    if keyword == "pattern":
        return str(_PATTERN_HINTS.get(field, _("must match %(pattern)s") % {"pattern": value}))
    if keyword == "minLength":
        return _("must not be empty")
    if keyword == "maxLength":
        return _("must be at most %(max)d characters long (it has %(length)d)") % {
            "max": value,
            "length": len(instance),
        }
    if keyword == "minItems":
        return _("must list at least %(min)d item(s)") % {"min": value}
    if keyword == "maxItems":
        return _("must list at most %(max)d items (it lists %(count)d)") % {
            "max": value,
            "count": len(instance),
        }
    if keyword == "uniqueItems":
        return _("must not list the same item twice")
    if keyword == "minimum":
        return _("must be at least %(min)s") % {"min": value}
    return error_fallback(keyword, instance)


def error_fallback(keyword: str, instance: Any) -> str:
    """A message for a keyword the format does not use today (the schema may grow)."""
    return _("breaks the rule %(keyword)s (value: %(value).80r)") % {
        "keyword": keyword,
        "value": instance,
    }


def _rule_problems(label: str, record: dict[str, Any]) -> list[ImportProblem]:
    problems = [ImportProblem(label, field, msg) for field, msg in _division_problems(record)]
    problems += [ImportProblem(label, field, msg) for field, msg in _whole_pattern_problems(record)]
    problems += [ImportProblem(label, field, msg) for field, msg in _integer_problems(record)]
    problems += [ImportProblem(label, field, msg) for field, msg in _text_problems(record)]
    problems += [ImportProblem(label, field, msg) for field, msg in _visible_problems(record)]
    return problems


def _visible_problems(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Required texts with nothing visible in them (an empty one is the schema's)."""
    name = record.get("name")
    if isinstance(name, str) and name and is_blank(name):
        yield "name", str(BLANK_TEXT_MESSAGE)
    for field in _PHRASE_FIELDS:
        values = record.get(field)
        if isinstance(values, list):
            for i, value in enumerate(values):
                if isinstance(value, str) and value and is_blank(value):
                    yield f"{field}[{i}]", str(BLANK_TEXT_MESSAGE)


def _division_problems(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    division, industry = record.get("industry_division"), record.get("industry")
    if not (isinstance(division, str) and re.fullmatch(r"[0-9]{2}", division)):
        return
    section = division_section(division)
    if section is None:
        yield (
            "industry_division",
            _("%(division)s is not an ISIC Rev.4 division") % {"division": division},
        )
    elif isinstance(industry, str) and re.fullmatch(r"[A-U]", industry) and section != industry:
        yield (
            "industry_division",
            _("division %(division)s belongs to section %(section)s, not to %(industry)s")
            % {"division": division, "section": section, "industry": industry},
        )


def _whole_pattern_problems(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    # The schema's patterns pass "abc\n" under re.search; the format means the whole value.
    for field, hint in _PATTERN_HINTS.items():
        value = record.get(field)
        if isinstance(value, str) and value.endswith("\n"):
            pattern = company_schema()["$defs"]["company"]["properties"][field]["pattern"]
            if re.search(pattern, value):
                yield field, str(hint)


def _integer_problems(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for field in ("employees", "founded"):
        value = record.get(field)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > MAX_INTEGER:
            yield field, _("must be at most %(max)d") % {"max": MAX_INTEGER}


def _text_problems(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    texts = [(field, record.get(field)) for field in _TEXT_FIELDS]
    for field in _PHRASE_FIELDS:
        values = record.get(field)
        if isinstance(values, list):
            texts += [(f"{field}[{i}]", value) for i, value in enumerate(values)]
    texts = [(field, value) for field, value in texts if isinstance(value, str)]
    # One search over all the texts: almost every record has nothing to report.
    if not _UNSTORABLE.search("".join(value for _field, value in texts)):
        return
    message = _("contains a character that cannot be stored (NUL or an unpaired surrogate)")
    for field, value in texts:
        if _UNSTORABLE.search(value):
            yield field, message


def _duplicate_problems(
    label: str, record: dict[str, Any], index: int, first_index: dict[str, int]
) -> list[ImportProblem]:
    key = record.get("key")
    if not isinstance(key, str):
        return []
    first = first_index.setdefault(key, index)
    if first == index:
        return []
    message = _("duplicate key: companies[%(first)d] has it already") % {"first": first}
    return [ImportProblem(label, "key", message)]


def document_check(
    document: Any, *, progress: ProgressCallback | None = None
) -> list[dict[str, Any]]:
    """The document's company records; raise ``ImportValidationError`` with every problem."""
    problems = document_problems(document, progress=progress)
    if problems:
        raise ImportValidationError(problems)
    return document["companies"]
