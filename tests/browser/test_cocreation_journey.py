"""From a suggestion to an alliance, in a real browser, in Japanese and in English.

Company A (a parts maker) finds B (a trading house) among its suggested
partners, with the reasons, and expresses interest; B sees the notification and
the interest, expresses interest back: a match, and both now see each other's
contact details (not before). A proposes an alliance, B accepts, and the
alliance shows on both company pages. Screenshots go to ``artifacts/``.
"""

import pytest

from matching import embeddings
from matching.selectors import suggestions_for_company
from matching.services import match_run_start, match_run_sync, phrases_embed_missing
from partners.models import Alliance, Match
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # the factories' password

FILLERS = [
    # key, section, division, capabilities, needs, goals
    ("farm", "A", "01", ["organic vegetables grown all year"],
     ["refrigerated delivery of fresh produce"], ["cut food waste"]),
    ("cold-chain", "H", "49", ["refrigerated delivery of fresh produce"],
     ["organic vegetables grown all year"], ["cut food waste"]),
    ("clinic", "Q", "86", ["clinical studies with elderly patients"],
     ["demand forecasting software for hospitals"], ["better care for an ageing society"]),
    ("software", "J", "62", ["demand forecasting software for hospitals"],
     ["clinical studies with elderly patients"], ["better care for an ageing society"]),
    ("hotel", "I", "55", ["hotel rooms for tour groups"], ["tour operators abroad"],
     ["revive tourism in rural towns"]),
]  # fmt: skip

GOAL = "bring precision machined parts from regional makers to the world"


def build_pair(language: str):
    """A and B, written to answer each other, among a few unrelated companies; a full run."""
    for key, section, division, caps, needs, goals in FILLERS:
        CompanyFactory(key=key, industry=section, industry_division=division,
                       capabilities=caps, needs=needs, goals=goals)  # fmt: skip
    maker = CompanyFactory(
        key="maker", name="Maker Precision" if language == "en" else "精密工業株式会社",
        industry="C", industry_division="28",
        capabilities=["precision machined metal parts and prototypes"],
        needs=["overseas sales channel for machined metal parts"],
        goals=[GOAL], strengths=["operations"], seeks=["marketing_sales"],
        contact_email="hello@maker.example",
    )  # fmt: skip
    trader = CompanyFactory(
        key="trader", name="Harbour Trading",
        industry="G", industry_division="46",
        capabilities=["overseas sales channel for machined metal parts in Europe"],
        needs=["precision machined metal parts for European machine builders"],
        goals=[GOAL], strengths=["marketing_sales"], seeks=["operations"],
        contact_email="sales@harbour.example",
    )  # fmt: skip
    a = MembershipFactory(company=maker).user
    b = MembershipFactory(company=trader).user
    phrases_embed_missing()
    match_run_sync(run=match_run_start())
    assert "trader" in [s.partner.key for s in suggestions_for_company(company=maker)]
    return maker, trader, a, b


def sign_in(page, base: str, lang: str, email: str) -> None:
    page.goto(f"{base}/{lang}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.locator("form[action*='/accounts/logout/']").wait_for()


@pytest.fixture
def lexical(settings):
    settings.MATCHING_EMBEDDER = "lexical"
    embeddings._process_embedder.cache_clear()
    yield
    embeddings._process_embedder.cache_clear()


@pytest.mark.parametrize(
    "lang, texts",
    [
        ("en", {"why": "Why them for you", "match": "It's a match", "agreed": "Alliance agreed"}),
        (
            "ja",
            {
                "why": "相手が貴社に合う理由",
                "match": "マッチしました",
                "agreed": "提携が成立しました",
            },
        ),
    ],
)  # fmt: skip
def test_from_a_suggestion_to_an_alliance(
    lang, texts, browser, page, live_server, screenshot, lexical
):
    maker, trader, a, b = build_pair(lang)
    base = live_server.url
    errors = []
    page.on("pageerror", lambda error: errors.append(error))

    # A sees B among its suggestions, with the reasons both ways.
    sign_in(page, base, lang, a.email)
    page.goto(f"{base}/{lang}/suggestions/")
    card = page.locator("#suggestion-trader")
    card.wait_for()
    assert texts["why"] in card.inner_text()
    assert "overseas sales channel" in card.inner_text()  # the companies' own words
    screenshot(f"cocreation-{lang}-01-suggestions")

    # No contact details before a match.
    page.goto(f"{base}/{lang}/companies/trader/")
    assert "sales@harbour.example" not in page.content()

    # A expresses interest from the card.
    page.goto(f"{base}/{lang}/suggestions/")
    card.locator("summary.button--primary").first.click()
    card.locator("textarea").fill("We make the parts your customers need.")
    card.locator("form[action*='/interest/'] button[type=submit]").click()
    page.locator(".interest-state").first.wait_for()

    # B, in a browser of its own, is notified and answers from the interests page.
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    b_page = other.new_page()
    b_page.set_default_timeout(15_000)
    try:
        sign_in(b_page, base, lang, b.email)
        assert b_page.locator("[data-testid=unread-count]").inner_text().strip().endswith("1")
        b_page.goto(f"{base}/{lang}/interests/?box=received")
        interest = b_page.locator("[data-interest]").first
        assert "We make the parts your customers need." in interest.inner_text()
        assert "hello@maker.example" not in b_page.content()
        b_page.screenshot(
            path=str(_artifact(f"cocreation-{lang}-02-interest-received")), full_page=True
        )
        interest.locator("form[action*='/interest/'] button[type=submit]").click()
        b_page.wait_for_url("**/matches/*/")
        assert texts["match"] in b_page.content()
        assert "hello@maker.example" in b_page.locator("[data-contact-details]").inner_text()
        match = Match.objects.get()

        # A now sees B's contact details and proposes an alliance.
        page.goto(f"{base}/{lang}/companies/trader/")
        assert "sales@harbour.example" in page.locator("[data-contact-details]").inner_text()
        page.goto(f"{base}/{lang}/matches/{match.pk}/")
        page.locator("#id_propose-goal_choice").select_option(GOAL)
        page.locator("#id_propose-value_chain_change").fill(
            "Harbour sells what Maker makes; Maker builds to European specifications."
        )
        page.locator("#id_propose-starts_on").fill("2027-04-01")
        page.locator("#id_propose-duration_months").fill("12")
        page.locator("#id_propose-conditions").fill("Costs and results shared equally.")
        page.locator("form:has(#id_propose-starts_on) button[type=submit]").click()
        page.locator("#open-proposal").wait_for()

        # B accepts.
        b_page.goto(f"{base}/{lang}/matches/{match.pk}/")
        b_page.locator("form[action*='/accept/'] button").click()
        b_page.get_by_text(texts["agreed"]).first.wait_for()
        b_page.screenshot(path=str(_artifact(f"cocreation-{lang}-03-alliance")), full_page=True)
    finally:
        other.close()

    alliance = Alliance.objects.get()
    assert alliance.shared_goal == GOAL
    for key in ("maker", "trader"):
        page.goto(f"{base}/{lang}/companies/{key}/")
        assert GOAL in page.locator(".alliances").inner_text()
    screenshot(f"cocreation-{lang}-04-company-page-alliance")
    assert errors == []


def _artifact(name: str):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
