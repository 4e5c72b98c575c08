"""The one strict JSON reader (``alliance.json_input``): repeated keys, deep nesting,
NaN and NUL are refused with the place named, and no input exhausts the stack."""

import json

import pytest

from alliance.json_input import MAX_DEPTH, JsonRefused, json_path, json_strict_loads


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def refusal(text, **options) -> JsonRefused:
    with pytest.raises(JsonRefused) as refused:
        json_strict_loads(text, **options)
    return refused.value


def test_ordinary_json_reads_as_the_json_module_reads_it():
    text = '{"a": [1, 2.5, {"b": null, "c": "日本"}], "d": true}'
    assert json_strict_loads(text) == json.loads(text)
    assert json_strict_loads(text.encode("utf-16")) == json.loads(text)


def test_a_key_named_twice_is_refused_naming_the_object_and_key():
    refused = refusal('{"companies": [{"key": "a"}, {"key": "a", "name": "A", "key": "b"}]}')
    assert refused.code == "duplicate_key"
    assert refused.path == ("companies", 1, "key")
    assert '"key"' in refused.message and "companies[1]" in refused.message


def test_a_key_named_twice_at_the_top_level_is_refused():
    refused = refusal('{"name": "A", "name": "B"}')
    assert refused.path == ("name",) and "top level" in refused.message


def test_the_same_key_in_different_objects_is_fine():
    assert json_strict_loads('[{"a": 1}, {"a": 2}, {"b": {"a": 3}}]')[2]["b"]["a"] == 3


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused():
    assert json_strict_loads(nested(MAX_DEPTH)) is not None
    assert json_strict_loads('{"a":' * (MAX_DEPTH - 1) + "[]" + "}" * (MAX_DEPTH - 1))
    for text in (nested(MAX_DEPTH + 1), nested(315), '{"a":' * 40 + "1" + "}" * 40):
        refused = refusal(text)
        assert refused.code == "too_deep"
        assert str(MAX_DEPTH) in refused.message


def test_nesting_deeper_than_the_decoder_can_go_is_refused_not_a_recursion_error():
    assert refusal(nested(200_000)).code == "too_deep"
    assert refusal('{"a":' * 50_000 + "1" + "}" * 50_000).code == "too_deep"


def test_nul_in_a_string_or_a_key_is_refused_with_its_place():
    assert refusal('{"needs": ["ok", "b\\u0000"]}').path == ("needs", 1)
    assert refusal('{"k\\u0000": 1}').code == "nul"
    assert json_strict_loads('{"a": "b\\u0000"}', refuse_nul=False) == {"a": "b\x00"}


def test_nan_and_infinity_are_not_numbers():
    for text in ("[NaN]", '{"a": Infinity}', "-Infinity"):
        with pytest.raises(ValueError, match="not a JSON number"):
            json_strict_loads(text)


def test_the_first_problem_in_document_order_is_named():
    refused = refusal('[{"a": "x\\u0000"}, {"b": 1, "b": 2}]')
    assert refused.path == (0, "a")


def test_paths_read_as_in_the_error_format():
    assert json_path(("companies", 3, "capabilities", 2)) == "companies[3].capabilities[2]"
    assert json_path((0, "a")) == "[0].a"
    assert json_path(()) == ""
