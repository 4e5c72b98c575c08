"""Dismiss, save, unsave and express interest: services, their refusals, the POST doors."""

import types

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from matching.models import Dismissal, SavedSuggestion, Suggestion, SuggestionList
from matching.selectors.browsing import suggestions_browse
from matching.services.feedback import suggestion_dismiss, suggestion_save, suggestion_unsave
from partners.models import Interest
from tests.factories import CompanyFactory, MembershipFactory
from tests.matching.test_suggestions_page import keys, partner, suggest, text_of, url


@pytest.fixture
def viewer(db):
    return CompanyFactory(key="viewer", name="Viewer Textiles", industry="C")


@pytest.fixture
def member(viewer):
    return MembershipFactory(company=viewer, role="member").user


@pytest.fixture
def outsider(db):
    """A member of another company."""
    return MembershipFactory(company=CompanyFactory(key="elsewhere")).user


@pytest.fixture
def shop(viewer):
    """A partner in the viewer's current list."""
    shop = partner("shop", industry="G")
    suggest(viewer, shop, partner("lab", industry="M"))
    return shop


def refusal(action, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        action(**kwargs)
    return caught.value.error_list[0].code


def rows_snapshot():
    return sorted(
        Suggestion.objects.values_list("run_id", "company_id", "partner_id", "rank", "score")
    ), sorted(SuggestionList.objects.values_list("company_id", "run_id"))


# --- Services -----------------------------------------------------------------------------------


def test_a_member_dismisses_a_suggested_partner_for_good(viewer, member, shop):
    dismissal = suggestion_dismiss(
        user=member, company=viewer, partner=shop, reason="known", note="Met them in Osaka"
    )

    assert (dismissal.reason, dismissal.note) == ("known", "Met them in Osaka")
    assert keys(suggestions_browse(company=viewer)) == ["lab"]
    # Dismissing again (a double click) keeps the first dismissal.
    again = suggestion_dismiss(user=member, company=viewer, partner=shop, reason="other")
    assert again.pk == dismissal.pk and Dismissal.objects.count() == 1


def test_dismissing_changes_no_suggestion_row_nor_score(viewer, member, shop):
    suggest(shop, viewer)  # the partner's own list holds the viewer
    before = rows_snapshot()

    suggestion_dismiss(user=member, company=viewer, partner=shop, reason="not_relevant")

    assert rows_snapshot() == before
    assert keys(suggestions_browse(company=shop)) == ["viewer"]  # they still see us


def test_only_members_may_dismiss_or_save(viewer, outsider, shop):
    assert refusal(suggestion_dismiss, user=outsider, company=viewer, partner=shop) == "not_member"
    assert refusal(suggestion_save, user=outsider, company=viewer, partner=shop) == "not_member"
    assert refusal(suggestion_unsave, user=outsider, company=viewer, partner=shop) == "not_member"
    assert not Dismissal.objects.exists() and not SavedSuggestion.objects.exists()


def test_a_partner_that_is_not_suggested_cannot_be_dismissed_or_saved(viewer, member, shop):
    stranger = partner("stranger")
    suggest(CompanyFactory(key="someone"), stranger)

    assert refusal(suggestion_dismiss, user=member, company=viewer, partner=stranger) == (
        "not_suggested"
    )
    assert refusal(suggestion_save, user=member, company=viewer, partner=stranger) == (
        "not_suggested"
    )
    assert refusal(suggestion_save, user=member, company=viewer, partner=viewer) == "self"


def test_a_hidden_partner_cannot_be_saved(viewer, member, shop):
    shop.visibility = "hidden"
    shop.save()

    assert refusal(suggestion_save, user=member, company=viewer, partner=shop) == "not_suggested"


def test_dismiss_checks_its_reason_and_note(viewer, member, shop):
    assert refusal(
        suggestion_dismiss, user=member, company=viewer, partner=shop, reason="bribe"
    ) == ("invalid_reason")
    assert refusal(
        suggestion_dismiss, user=member, company=viewer, partner=shop, note="x" * 501
    ) == ("note_too_long")


def test_save_and_unsave(viewer, member, shop):
    saved = suggestion_save(user=member, company=viewer, partner=shop)
    assert suggestion_save(user=member, company=viewer, partner=shop).pk == saved.pk

    assert keys(suggestions_browse(company=viewer, saved_only=True)) == ["shop"]
    assert suggestion_unsave(user=member, company=viewer, partner=shop) is True
    assert suggestion_unsave(user=member, company=viewer, partner=shop) is False
    assert not SavedSuggestion.objects.exists()


def test_a_saved_partner_can_still_be_dismissed_after_leaving_the_list(viewer, member, shop):
    suggestion_save(user=member, company=viewer, partner=shop)
    suggest(viewer, partner("newcomer"))  # a new list without the shop

    suggestion_dismiss(user=member, company=viewer, partner=shop)

    assert Dismissal.objects.filter(company=viewer, partner=shop).exists()
    assert not SavedSuggestion.objects.exists()  # a dismissed partner is no longer saved


def test_a_dismissed_partner_cannot_be_saved(viewer, member, shop):
    suggestion_dismiss(user=member, company=viewer, partner=shop)

    assert refusal(suggestion_save, user=member, company=viewer, partner=shop) == "dismissed"


# --- The POST doors -----------------------------------------------------------------------------


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_dismissing_from_the_page_returns_to_the_same_filters(client, viewer, member, shop):
    client.force_login(member)
    back = url("suggestions") + "?sort=name&page=1"

    response = client.post(
        url("suggestion_dismiss", "shop"), {"reason": "not_now", "note": "", "next": back}
    )

    assert response.status_code == 302 and response["Location"] == back
    assert Dismissal.objects.get(company=viewer, partner=shop).reason == "not_now"
    page = client.get(back)
    assert "Shop is dismissed and will not be suggested again." in messages_of(page)
    assert 'id="suggestion-shop"' not in page.content.decode()


def test_an_invalid_dismissal_is_reported_and_changes_nothing(client, member, shop):
    client.force_login(member)

    response = client.post(url("suggestion_dismiss", "shop"), {"reason": "bribe"}, follow=True)

    [message] = messages_of(response)
    assert "bribe" in message
    assert not Dismissal.objects.exists()
    assert 'id="suggestion-shop"' in response.content.decode()


def test_a_next_pointing_elsewhere_is_ignored(client, member, shop):
    client.force_login(member)

    response = client.post(
        url("suggestion_save", "shop"), {"next": "https://evil.example/phish"}, follow=False
    )

    assert response["Location"] == url("suggestions") + "#suggestion-shop"
    assert SavedSuggestion.objects.filter(partner=shop).exists()


def test_save_and_unsave_from_the_page(client, viewer, member, shop):
    client.force_login(member)
    back = url("suggestions") + "?saved=on"

    client.post(url("suggestion_save", "shop"), {"next": back})
    html = client.get(back).content.decode()
    assert 'id="suggestion-shop"' in html and 'id="suggestion-lab"' not in html
    assert url("suggestion_unsave", "shop") in html

    response = client.post(url("suggestion_unsave", "shop"), {"next": back})
    assert response["Location"] == back + "#suggestion-shop"
    assert not SavedSuggestion.objects.exists()


def test_actions_are_post_only_and_need_the_csrf_token(member, shop):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)

    assert browser.get(url("suggestion_dismiss", "shop")).status_code == 405
    assert browser.post(url("suggestion_dismiss", "shop"), {}).status_code == 403
    assert not Dismissal.objects.exists()


def test_actions_need_a_signed_in_user(client, shop):
    response = client.post(url("suggestion_dismiss", "shop"), {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Dismissal.objects.exists()


def test_an_outsider_cannot_act_on_a_partner_outside_their_list(client, outsider, shop):
    client.force_login(outsider)

    response = client.post(url("suggestion_dismiss", "shop"), {}, follow=True)

    assert "This company is not among your current suggestions." in messages_of(response)
    assert not Dismissal.objects.exists()


def test_an_unknown_partner_gets_the_same_answer_as_one_not_suggested(client, member, shop):
    client.force_login(member)

    response = client.post(url("suggestion_save", "no-such-company"), {}, follow=True)

    assert messages_of(response) == ["This company is not among your current suggestions."]


def test_a_user_without_company_is_told_to_create_one(client, db, shop):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    response = client.post(url("suggestion_save", "shop"), {}, follow=True)

    assert messages_of(response) == ["Create your company profile first."]


# --- Interest -----------------------------------------------------------------------------------


def test_a_card_shows_sent_interest_instead_of_the_form(client, viewer, member, shop):
    Interest.objects.create(sender=viewer, recipient=shop, message="Hello")
    client.force_login(member)

    html = client.get(url("suggestions")).content.decode()
    shop_card = html[html.index('id="suggestion-shop"') :].split("</article>")[0]
    lab_card = html[html.index('id="suggestion-lab"') :].split("</article>")[0]

    assert "Interest sent: waiting for their answer." in text_of(shop_card)
    assert url("suggestion_interest", "shop") not in shop_card
    assert url("suggestion_interest", "lab") in lab_card


def test_expressing_interest_sends_it_and_returns(client, viewer, member, shop):
    client.force_login(member)
    back = url("suggestions") + "?region=JP"

    response = client.post(
        url("suggestion_interest", "shop"), {"message": "Let us talk.", "next": back}
    )

    assert response["Location"] == back + "#suggestion-shop"
    interest = Interest.objects.get(sender=viewer, recipient=shop)
    assert interest.message == "Let us talk." and interest.sent_by == member
    page = client.get(back)
    assert any(m.startswith("Your interest has been sent to Shop.") for m in messages_of(page))


@pytest.fixture
def interest_service(monkeypatch):
    """A stand-in for ``partners.services.cocreation.interest_send`` in the view: it
    records calls and refuses on demand."""
    calls, refusals = [], []

    def interest_send(*, user, sender, recipient, message=""):
        calls.append((user, sender, recipient, message))
        if refusals:
            raise ValidationError(refusals[0], code="refused")

    monkeypatch.setattr("matching.views.interest_send", interest_send)
    return types.SimpleNamespace(calls=calls, refusals=refusals)


def test_a_refused_interest_shows_the_services_message(client, member, shop, interest_service):
    interest_service.refusals.append("You sent five interests today; try again tomorrow.")
    client.force_login(member)

    response = client.post(url("suggestion_interest", "shop"), {"message": "Hi"}, follow=True)

    assert len(interest_service.calls) == 1
    assert messages_of(response) == ["You sent five interests today; try again tomorrow."]


def test_interest_only_in_a_suggested_partner(client, member, shop, interest_service):
    partner("stranger")
    client.force_login(member)

    response = client.post(url("suggestion_interest", "stranger"), {}, follow=True)

    assert messages_of(response) == ["This company is not among your current suggestions."]
    assert interest_service.calls == []


def test_a_too_long_interest_message_is_refused_before_sending(
    client, member, shop, interest_service
):
    client.force_login(member)

    response = client.post(url("suggestion_interest", "shop"), {"message": "x" * 1001}, follow=True)

    assert interest_service.calls == []
    assert "1000" in messages_of(response)[0]


def test_a_second_interest_is_refused_by_the_co_creation_service(client, viewer, member, shop):
    Interest.objects.create(sender=viewer, recipient=shop)
    client.force_login(member)

    response = client.post(url("suggestion_interest", "shop"), {"message": "Again"}, follow=True)

    assert Interest.objects.filter(sender=viewer, recipient=shop).count() == 1
    [message] = messages_of(response)
    assert "already" in message


def test_interest_back_from_the_suggestions_page_is_a_match(client, viewer, member, shop):
    from partners.models import Match
    from partners.services.cocreation import interest_send

    shop_member = MembershipFactory(company=shop).user
    interest_send(user=shop_member, sender=shop, recipient=viewer, message="Hello")
    client.force_login(member)

    response = client.post(url("suggestion_interest", "shop"), {"message": ""})

    match = Match.objects.get()
    assert response["Location"] == f"/en/matches/{match.pk}/"
    page = client.get(response["Location"])
    assert any(m.startswith("It's a match") for m in messages_of(page))
