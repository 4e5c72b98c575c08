"""The suggestions page: what it reads, how it explains, its empty states, who sees it."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from matching.bands import GOOD_MATCH_SCORE, STRONG_MATCH_SCORE, component_level, match_band
from matching.models import Dismissal, MatchRun, SavedSuggestion, Suggestion, SuggestionList
from matching.reasons import Voices, reason_mirror, suggestion_explanation
from matching.selectors.browsing import (
    RESCORE_QUEUE_GRACE,
    profile_readiness,
    suggestions_browse,
    suggestions_status,
    suggestions_summary,
)
from matching.services import match_run_start, match_run_sync, phrases_embed_missing
from partners.models import Company, Interest
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

# --- Helpers -------------------------------------------------------------------------------------

NEED = {
    "kind": "need_capability",
    "direction": "for_you",
    "need": "a retail partner for sportswear",
    "capability": "nationwide chain of sportswear stores",
    "similarity": 0.9,
}
THEIR_NEED = {
    "kind": "need_capability",
    "direction": "for_them",
    "need": "a supplier of functional fabric",
    "capability": "moisture-wicking fabric",
    "similarity": 0.8,
}
GOAL = {
    "kind": "shared_goal",
    "goal": "make functional clothing an everyday product",
    "partner_goal": "functional clothing for everyone",
    "similarity": 0.7,
}
CHAIN = {
    "kind": "value_chain",
    "activities": ["marketing_sales"],
    "partner_activities": ["technology_development"],
    "together": ["operations", "marketing_sales", "service", "technology_development"],
    "alone": 2,
}
INDUSTRY = {"kind": "cross_industry", "section": "C", "partner_section": "G", "distance": "section"}
COMPONENTS = {"complementarity": 0.8, "goals": 0.4, "value_chain": 0.2, "cross_industry": 1.0}


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"matching:{name}", args=args)


def complete_run(**fields) -> MatchRun:
    now = timezone.now()
    return MatchRun.objects.create(
        kind=MatchRun.Kind.FULL,
        status=MatchRun.Status.COMPLETE,
        started_at=now,
        finished_at=now,
        **fields,
    )


def suggest(company, *partners, run=None, reasons=None, score=0.7) -> MatchRun:
    """Give ``company`` a current list of ``partners`` (rank order) in ``run`` (a new
    complete run by default), and point its list at that run."""
    run = run or complete_run()
    for rank, partner in enumerate(partners, start=1):
        Suggestion.objects.create(
            run=run,
            company=company,
            partner=partner,
            rank=rank,
            score=score,
            components=COMPONENTS,
            reasons=[NEED, THEIR_NEED, CHAIN] if reasons is None else reasons,
        )
    SuggestionList.objects.update_or_create(company=company, defaults={"run": run})
    return run


def keys(rows) -> list[str]:
    return [row.partner.key for row in rows]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(strip_tags(html)))


@pytest.fixture
def viewer(db):
    """A textile maker (ISIC C) in Tokyo, with a complete profile."""
    return CompanyFactory(key="viewer", name="Viewer Textiles", industry="C", region="JP-13")


@pytest.fixture
def viewer_member(viewer):
    return MembershipFactory(company=viewer, role="member").user


def partner(key, **fields):
    fields.setdefault("industry", "G")
    fields.setdefault("industry_division", "")
    return CompanyFactory(key=key, name=key.replace("-", " ").title(), **fields)


# --- Bands ---------------------------------------------------------------------------------------


def test_bands_follow_the_documented_thresholds():
    assert match_band(STRONG_MATCH_SCORE).slug == "strong"
    assert match_band(STRONG_MATCH_SCORE - 0.01).slug == "good"
    assert match_band(GOOD_MATCH_SCORE).slug == "good"
    assert match_band(GOOD_MATCH_SCORE - 0.01).slug == "possible"
    assert match_band(0.02).slug == "possible"


def test_component_levels_are_words_not_numbers():
    assert [component_level(v) for v in (0.0, 0.05, 0.2, 0.5, 0.9, 1.0)] == [0, 0, 1, 2, 3, 3]


# --- What the page reads -------------------------------------------------------------------------


def test_only_the_rows_of_the_current_run_are_read(viewer):
    old, new = partner("old-partner"), partner("new-partner")
    suggest(viewer, old)
    suggest(viewer, new)  # the pointer moves to the second run
    suggest(CompanyFactory(key="other"), old)  # someone else's list is not ours

    assert keys(suggestions_browse(company=viewer)) == ["new-partner"]


def test_dismissed_partners_are_left_out(viewer):
    kept, gone = partner("kept"), partner("gone")
    suggest(viewer, kept, gone)
    Dismissal.objects.create(company=viewer, partner=gone)

    assert keys(suggestions_browse(company=viewer)) == ["kept"]


def test_partners_that_became_hidden_are_left_out(viewer):
    kept, hidden = partner("kept"), partner("hiding")
    suggest(viewer, kept, hidden)
    Company.objects.filter(pk=hidden.pk).update(visibility=Company.Visibility.HIDDEN)

    assert keys(suggestions_browse(company=viewer)) == ["kept"]
    assert suggestions_summary(company=viewer).total == 1


def test_a_company_visible_only_to_partners_appears_only_in_the_lists_that_hold_it(viewer):
    shy = partner("shy", visibility=Company.Visibility.PARTNERS)
    other = CompanyFactory(key="other-viewer", industry="C")
    suggest(viewer, shy)
    suggest(other, partner("someone-else"))

    assert keys(suggestions_browse(company=viewer)) == ["shy"]
    assert "shy" not in keys(suggestions_browse(company=other))


def test_same_industry_partners_are_shown_only_on_request(viewer):
    cross, same = partner("cross", industry="G"), partner("same", industry="C")
    suggest(viewer, cross, same)

    assert keys(suggestions_browse(company=viewer)) == ["cross"]
    assert keys(suggestions_browse(company=viewer, include_same_industry=True)) == [
        "cross",
        "same",
    ]
    assert suggestions_summary(company=viewer).same_industry == 1


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"industry": "H"}, ["trucks"]),
        ({"region": "JP"}, ["shop", "trucks"]),
        ({"region": "jp-27"}, ["trucks"]),
        ({"region": "US"}, ["lab"]),
        ({"activity": "technology_development"}, ["lab"]),
        ({"activity": "outbound_logistics"}, ["trucks"]),
    ],
)
def test_filters_narrow_the_list(viewer, filters, expected):
    suggest(
        viewer,
        partner("shop", industry="G", region="JP-13", strengths=["marketing_sales"]),
        partner("trucks", industry="H", region="JP-27", strengths=["outbound_logistics"]),
        partner("lab", industry="M", region="US", strengths=["technology_development"]),
    )

    assert keys(suggestions_browse(company=viewer, **filters)) == expected


def test_saved_only_shows_the_saved_partners(viewer):
    shop, lab = partner("shop"), partner("lab")
    suggest(viewer, shop, lab)
    SavedSuggestion.objects.create(company=viewer, partner=lab)

    rows = suggestions_browse(company=viewer, saved_only=True)
    assert keys(rows) == ["lab"]
    assert rows[0].is_saved is True


def test_sorting_by_rank_newest_and_name(viewer):
    first, second, third = partner("zeta"), partner("alpha"), partner("mid")
    suggest(viewer, first, second, third)
    Company.objects.filter(pk=second.pk).update(created_at=timezone.now() + timedelta(days=1))

    assert keys(suggestions_browse(company=viewer)) == ["zeta", "alpha", "mid"]
    assert keys(suggestions_browse(company=viewer, sort="newest"))[0] == "alpha"
    assert keys(suggestions_browse(company=viewer, sort="name")) == ["alpha", "mid", "zeta"]


def test_rows_say_whether_interest_was_sent(viewer):
    shop, lab = partner("shop"), partner("lab")
    suggest(viewer, shop, lab)
    Interest.objects.create(sender=viewer, recipient=lab)
    Interest.objects.create(sender=shop, recipient=viewer)  # received: private, not shown

    statuses = {r.partner.key: r.interest_status for r in suggestions_browse(company=viewer)}
    assert statuses == {"shop": None, "lab": "pending"}


def test_summary_counts_dismissed_same_industry_and_saved(viewer):
    a, b, c, d = partner("a-co"), partner("b-co"), partner("c-co", industry="C"), partner("d-co")
    suggest(viewer, a, b, c, d)
    Dismissal.objects.create(company=viewer, partner=a)
    SavedSuggestion.objects.create(company=viewer, partner=b)

    summary = suggestions_summary(company=viewer)
    assert (summary.total, summary.dismissed, summary.available) == (4, 1, 3)
    assert (summary.same_industry, summary.saved) == (1, 1)


# --- Profile readiness and computing status ------------------------------------------------------


@pytest.mark.parametrize(
    "fields, missing",
    [
        ({}, ()),
        ({"needs": [], "capabilities": []}, ()),  # goals alone compare both ways
        ({"goals": []}, ()),  # a need and a capability do too
        ({"goals": [], "capabilities": []}, ("goals", "capabilities")),
        ({"goals": [], "needs": []}, ("goals", "needs")),
        ({"goals": [], "needs": [], "capabilities": []}, ("goals", "needs", "capabilities")),
        ({"industry": ""}, ("industry",)),
    ],
)
def test_profile_readiness_names_what_the_engine_lacks(db, fields, missing):
    readiness = profile_readiness(company=CompanyFactory.build(**fields))
    assert readiness.missing == missing
    assert readiness.ready is (not missing)


def test_a_hidden_profile_is_not_ready():
    readiness = profile_readiness(company=CompanyFactory.build(visibility="hidden"))
    assert readiness.hidden and not readiness.ready


def test_status_reports_a_running_full_run_with_its_progress(viewer):
    run = MatchRun.objects.create(
        kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING, blocks_total=4, blocks_done=1
    )
    status = suggestions_status(company=viewer)
    assert status.busy and status.run.run_id == run.pk
    assert status.progress == 0.25


def test_status_reports_a_rescoring_of_this_company_but_not_of_others(viewer):
    other = CompanyFactory(key="other-co")
    suggest(viewer, partner("p-co"))
    MatchRun.objects.create(kind=MatchRun.Kind.COMPANY, company=other, status="running")
    assert not suggestions_status(company=viewer).busy

    MatchRun.objects.create(kind=MatchRun.Kind.COMPANY, company=viewer, status="running")
    status = suggestions_status(company=viewer)
    assert status.busy and status.progress is None


def test_a_just_saved_profile_is_queued_until_a_run_starts(viewer):
    status = suggestions_status(company=viewer)
    assert status.queued and not status.has_list

    Company.objects.filter(pk=viewer.pk).update(
        updated_at=timezone.now() - RESCORE_QUEUE_GRACE - timedelta(minutes=1)
    )
    viewer.refresh_from_db()
    assert not suggestions_status(company=viewer).busy


def test_an_edited_profile_is_queued_even_if_others_moved_its_list_meanwhile(viewer):
    suggest(viewer, partner("p-co"))
    viewer.save()  # edited after its list was computed
    assert suggestions_status(company=viewer).queued

    # Another company's rescoring moves the viewer's list: not the answer to the edit.
    other_run = MatchRun.objects.create(
        kind=MatchRun.Kind.COMPANY, company=partner("mover"), status="complete"
    )
    suggest(viewer, partner("q-co"), run=other_run)
    assert suggestions_status(company=viewer).queued

    MatchRun.objects.create(kind=MatchRun.Kind.COMPANY, company=viewer, status="complete")
    assert not suggestions_status(company=viewer).busy


def test_a_computed_list_is_neither_queued_nor_busy(viewer):
    run = suggest(viewer, partner("p-co"))
    status = suggestions_status(company=viewer)
    assert not status.busy and status.list_run_id == run.pk


# --- Reasons in words ----------------------------------------------------------------------------


def sentences(explanation_part) -> list[str]:
    return [text_of(s) for s in explanation_part]


def test_reasons_are_sentences_quoting_the_companies_words():
    with translation.override("en"):
        explanation = suggestion_explanation(
            reasons=[NEED, THEIR_NEED, GOAL, CHAIN, INDUSTRY], voices=Voices("en", "ja")
        )
        for_you, for_them = sentences(explanation.for_you), sentences(explanation.for_them)

    assert for_you[0] == (
        "Your need “a retail partner for sportswear” is answered by their capability "
        "“nationwide chain of sportswear stores”."
    )
    assert "“make functional clothing an everyday product”" in for_you[1]
    assert "They are strong in Marketing and sales, which you look for." in for_you
    assert any("Together you cover 4 of the 9 value-chain activities" in s for s in for_you)
    assert "Across industries: Manufacturing meets Wholesale and retail trade;" in for_you[-1]
    assert for_them == [
        "Their need “a supplier of functional fabric” is answered by your capability "
        "“moisture-wicking fabric”.",
        "You are strong in Technology development, which they look for.",
    ]
    assert not explanation.mutual


def test_phrases_are_escaped_and_marked_with_their_language():
    reason = dict(NEED, need="<script>x</script>", capability="冷蔵配送")
    [sentence] = suggestion_explanation(reasons=[reason], voices=Voices("en", "ja")).for_you

    assert "<script>" not in sentence
    assert "&lt;script&gt;" in sentence
    assert '<span class="phrase" lang="ja">冷蔵配送</span>' in sentence


def test_reasons_are_rendered_in_the_viewers_language():
    with translation.override("ja"):
        explanation = suggestion_explanation(
            reasons=[NEED, CHAIN, INDUSTRY], voices=Voices("ja", "en")
        )
        for_you = sentences(explanation.for_you)
        need_frame = gettext(
            "Your need “%(need)s” is answered by their capability “%(capability)s”."
        )
    # The frame is the catalogue's (whatever it says today); the phrases are as written.
    assert for_you[0] == need_frame % {"need": NEED["need"], "capability": NEED["capability"]}
    assert "マーケティング・販売" in for_you[1]  # the activity's Japanese name
    # The sections' JSIC-style names.
    assert "製造業" in for_you[-1] and "卸売業，小売業" in for_you[-1]


def test_the_partners_own_row_adds_to_why_you_for_them_seen_from_your_side():
    # In the partner's row, "for_you" is the partner's need answered by the viewer.
    theirs = [
        dict(NEED, need="a fabric for hospital gowns", capability="antibacterial fibres"),
        dict(CHAIN, activities=["operations"], partner_activities=[]),
    ]
    with translation.override("en"):
        explanation = suggestion_explanation(
            reasons=[NEED], voices=Voices("en", "en"), their_reasons=theirs
        )
        for_them = sentences(explanation.for_them)

    assert explanation.mutual
    assert for_them == [
        "Their need “a fabric for hospital gowns” is answered by your capability "
        "“antibacterial fibres”.",
        "You are strong in Operations, which they look for.",
    ]


def test_mirroring_a_reason_twice_gives_it_back():
    for reason in (NEED, GOAL, CHAIN, INDUSTRY):
        assert reason_mirror(reason_mirror(reason)) == reason
    assert reason_mirror(INDUSTRY)["section"] == "G"


# --- The page, by persona ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(url("suggestions"))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_a_user_without_company_is_asked_to_create_one(client, db):
    client.force_login(UserFactory())
    html = client.get(url("suggestions")).content.decode()

    assert 'data-state="no-company"' in html
    assert f'href="{reverse("partners:company_create")}"' in html


def full_run():
    phrases_embed_missing()
    return match_run_sync(run=match_run_start())


def test_a_member_sees_cards_with_reasons_both_ways(client, population):
    full_run()
    farm = population["farm"]
    client.force_login(MembershipFactory(company=farm).user)

    html = client.get(url("suggestions")).content.decode()
    text = text_of(html)

    assert html.count('class="suggestion"') == Suggestion.objects.filter(company=farm).count()
    logistics = html[html.index('id="suggestion-logistics"') :]
    logistics = logistics[: logistics.index("</article>")]
    assert 'href="/en/companies/logistics/"' in logistics
    assert "Strong match" in logistics and "%" not in text_of(logistics)
    assert "Transportation and storage" in logistics and "Land transport" in logistics
    assert "Why them for you" in text and "Why you for them" in text
    assert (
        "Your need “refrigerated delivery of fresh produce to cities” is answered by their "
        "capability “cold-chain refrigerated truck delivery”." in text_of(logistics)
    )
    assert (
        "Their need “fresh produce growers who need cold-chain delivery” is answered by your "
        "capability" in text_of(logistics)
    )
    assert "Kyoso suggests your company to them too." in text_of(logistics)
    assert 'class="level-bar level-bar--3" aria-hidden="true"' in logistics
    assert "<progress" not in html


def test_a_member_sees_the_page_in_japanese(client, population):
    full_run()
    client.force_login(MembershipFactory(company=population["tsukemono"]).user)

    html = client.get(url("suggestions", lang="ja")).content.decode()

    assert '<html lang="ja">' in html
    assert '<span class="phrase" lang="ja">海外の小売店への販路</span>' in html


def test_the_page_keeps_its_query_count_whatever_the_number_of_cards(
    client, viewer, viewer_member, django_assert_max_num_queries
):
    partners = [partner(f"p-{n:02d}", region="JP-13") for n in range(10)]
    suggest(viewer, *partners[:2])
    for other in partners:
        suggest(other, viewer)  # each partner lists the viewer: reasons both ways
    client.force_login(viewer_member)
    client.get(url("suggestions"))  # sets the CSRF cookie: the pages below may be kept
    # A page that may be kept also reads what names it (``alliance.kept``: the member's
    # companies, the list's run and whether a run is under way) before it is built.
    with django_assert_max_num_queries(19) as few:
        assert client.get(url("suggestions")).status_code == 200

    suggest(viewer, *partners)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url("suggestions")).content.decode()
    assert html.count('class="suggestion"') == 10


# --- Empty states --------------------------------------------------------------------------------


def test_an_incomplete_profile_is_told_what_is_missing(client, db):
    company = CompanyFactory(goals=[], capabilities=[])
    client.force_login(MembershipFactory(company=company).user)

    html = client.get(url("suggestions")).content.decode()
    text = text_of(html)

    assert 'data-state="incomplete"' in html
    assert "A long-term goal" in text and "A capability" in text
    assert "A need:" not in text  # it has one
    assert "at least one long-term goal, or else both a need and a capability" in text
    assert f'href="{reverse("partners:company_edit", args=[company.key])}"' in html


def test_a_hidden_profile_is_told_why_it_gets_no_suggestions(client, db):
    company = CompanyFactory(visibility=Company.Visibility.HIDDEN)
    client.force_login(MembershipFactory(company=company).user)

    text = text_of(client.get(url("suggestions")).content.decode())

    assert "Your profile is hidden." in text


def test_a_running_run_shows_its_progress_and_the_page_follows_it(client, viewer, viewer_member):
    MatchRun.objects.create(
        kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING, blocks_total=4, blocks_done=3
    )
    client.force_login(viewer_member)

    html = client.get(url("suggestions")).content.decode()

    assert 'data-state="computing"' in html
    assert re.search(r'<progress class="run-progress" max="1" value="0\.750"', html)
    assert "3 of 4 parts done" in html
    assert f'data-suggestions-status="{url("suggestions_status")}"' in html
    assert 'data-reload="auto"' in html
    assert re.search(r'<script src="/static/js/suggestions\.js[^"]*" defer></script>', html)
    assert "<script>" not in html  # no inline script


def test_a_just_saved_profile_waits_for_its_suggestions(client, viewer, viewer_member):
    client.force_login(viewer_member)
    html = client.get(url("suggestions")).content.decode()

    assert 'data-state="computing"' in html
    assert '<progress class="run-progress" aria-labelledby' in html  # no value: indeterminate


def test_a_refresh_over_an_existing_list_keeps_the_list_and_offers_the_new_one(
    client, viewer, viewer_member
):
    suggest(viewer, partner("p-co"))
    MatchRun.objects.create(kind=MatchRun.Kind.FULL, status=MatchRun.Status.PENDING)
    client.force_login(viewer_member)

    html = client.get(url("suggestions")).content.decode()

    assert 'id="suggestion-p-co"' in html
    assert 'data-state="refreshing"' in html and 'data-reload="offer"' in html


def test_an_edited_profile_keeps_its_list_while_it_is_rescored(client, viewer, viewer_member):
    suggest(viewer, partner("p-co"))
    viewer.save()
    client.force_login(viewer_member)

    html = client.get(url("suggestions")).content.decode()

    assert 'id="suggestion-p-co"' in html
    assert 'data-state="refreshing"' in html
    assert '<progress class="run-progress" aria-labelledby="refreshing-title">' in html


def old_profile(company):
    Company.objects.filter(pk=company.pk).update(updated_at=timezone.now() - timedelta(days=1))


def test_no_list_yet_says_so(client, viewer, viewer_member):
    old_profile(viewer)
    client.force_login(viewer_member)

    html = client.get(url("suggestions")).content.decode()

    assert 'data-state="not-computed"' in html
    assert "has not computed suggestions for your company yet" in html
    assert "<progress" not in html and "data-suggestions-status" not in html


def test_an_empty_computed_list_says_nobody_was_found(client, viewer, viewer_member):
    old_profile(viewer)
    suggest(viewer)
    client.force_login(viewer_member)

    assert 'data-state="none-found"' in client.get(url("suggestions")).content.decode()


def test_everything_dismissed_says_so(client, viewer, viewer_member):
    gone = partner("gone")
    suggest(viewer, gone)
    Dismissal.objects.create(company=viewer, partner=gone)
    client.force_login(viewer_member)

    html = client.get(url("suggestions")).content.decode()

    assert 'data-state="all-dismissed"' in html
    assert "You dismissed the 1 company Kyoso suggested." in text_of(html)


@pytest.mark.parametrize(
    "query",
    ["industry=運輸業&region=大阪", "industry=Logistics&region=Osaka+Prefecture",
     "industry=h&region=〒530-0001 大阪府大阪市北区"],
)  # fmt: skip
def test_the_page_filters_read_names_in_japanese_and_english(client, viewer, viewer_member, query):
    suggest(
        viewer,
        partner("shop", industry="G", region="JP-27"),
        partner("trucks", industry="H", region="JP-27"),
        partner("tokyo-trucks", industry="H", region="JP-13"),
    )
    client.force_login(viewer_member)

    html = client.get(url("suggestions") + "?" + query).content.decode()

    assert 'href="/en/companies/trucks/"' in html
    assert "/companies/shop/" not in html and "/companies/tokyo-trucks/" not in html


def test_an_unknown_region_name_on_the_page_is_explained(client, viewer, viewer_member):
    suggest(viewer, partner("shop", industry="G", region="JP-27"))
    client.force_login(viewer_member)

    html = text_of(client.get(url("suggestions") + "?region=Atlantis").content.decode())

    assert "“Atlantis” is not a region Kyoso knows." in html


def test_filters_that_hide_everything_offer_to_clear_them(client, viewer, viewer_member):
    suggest(viewer, partner("shop", industry="G"))
    client.force_login(viewer_member)

    html = client.get(url("suggestions") + "?industry=H").content.decode()

    assert 'data-state="filtered"' in html
    assert f'<a class="button button--secondary" href="{url("suggestions")}">Clear filters' in html


def test_only_same_industry_suggestions_offer_to_show_them(client, viewer, viewer_member):
    suggest(viewer, partner("peer", industry="C"))
    client.force_login(viewer_member)

    html = client.get(url("suggestions")).content.decode()
    assert 'data-state="same-industry-hidden"' in html
    assert 'href="?same_industry=on"' in html

    html = client.get(url("suggestions") + "?same_industry=on").content.decode()
    assert 'id="suggestion-peer"' in html


def test_the_page_hints_at_hidden_same_industry_partners(client, viewer, viewer_member):
    suggest(viewer, partner("shop", industry="G"), partner("peer", industry="C"))
    client.force_login(viewer_member)

    text = text_of(client.get(url("suggestions")).content.decode())

    assert "Showing 1 of your 2 suggestions." in text
    assert "1 suggestion from your own industry is hidden." in text


def test_pages_keep_the_filters(client, viewer, viewer_member, settings):
    suggest(viewer, *[partner(f"p-{n:02d}", region="JP-13") for n in range(12)])
    client.force_login(viewer_member)

    html = client.get(url("suggestions") + "?region=JP&sort=name").content.decode()

    assert html.count('class="suggestion"') == 10
    assert 'href="?region=JP&amp;sort=name&amp;page=2"' in html
    second = client.get(url("suggestions") + "?region=JP&sort=name&page=2").content.decode()
    assert second.count('class="suggestion"') == 2


# --- The status endpoint -------------------------------------------------------------------------


def test_the_status_endpoint_reports_progress_as_json(client, viewer, viewer_member):
    run = suggest(viewer, partner("p-co"))
    MatchRun.objects.create(
        kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING, blocks_total=2, blocks_done=1
    )
    client.force_login(viewer_member)

    data = client.get(url("suggestions_status")).json()

    assert data == {"busy": True, "progress": 0.5, "list": run.pk}


def test_the_status_endpoint_needs_a_signed_in_user(client, db):
    assert client.get(url("suggestions_status")).status_code == 302


# --- Lists shorter than ten ----------------------------------------------------------------------


def test_a_short_list_says_plainly_that_kyoso_found_fewer_partners(client, viewer, viewer_member):
    suggest(viewer, partner("shop"), partner("lab", industry="M"), partner("osaka"))
    client.force_login(viewer_member)

    text = text_of(client.get(url("suggestions")).content.decode())
    assert "Kyoso found 3 partners with a clear match in both directions today." in text
    assert "never fills the list of 10 with weaker ones" in text
    ja = text_of(client.get(url("suggestions", lang="ja")).content.decode())
    assert "双方向に確かな根拠のある提案は 3 件です" in ja
    assert "Kyoso found" not in ja


def test_a_full_list_and_an_empty_one_carry_no_short_list_note(
    client, settings, viewer, viewer_member
):
    client.force_login(viewer_member)
    settings.MATCHING_TOP_K = 3
    suggest(viewer, partner("shop"), partner("lab", industry="M"), partner("osaka"))
    assert 'data-state="short-list"' not in client.get(url("suggestions")).content.decode()
    assert suggestions_summary(company=viewer).wanted == 3
    suggest(viewer)  # a new run that found nobody
    html = client.get(url("suggestions")).content.decode()
    assert 'data-state="short-list"' not in html and 'data-state="none-found"' in html


def test_current_lists_carry_their_owners_section_for_merging(viewer):
    from matching.selectors import current_lists

    suggest(viewer, partner("shop"))
    current = current_lists(company_ids=[viewer.pk])[viewer.pk]
    assert current.section == "C" and current.partners == ["shop"]
