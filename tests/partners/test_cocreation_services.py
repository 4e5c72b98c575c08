"""Every transition from interest to alliance, with the rules that refuse moves."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners.models import (
    Alliance,
    AllianceProposal,
    Company,
    Interest,
    Match,
    Notification,
    NotificationPreference,
)
from partners.selectors import company_alliances, company_visible_to, user_can_see_contact
from partners.services import cocreation
from partners.services.notifications import notification_preferences_set
from tests.factories import (
    NEXT_YEAR,
    CompanyFactory,
    MembershipFactory,
    UserFactory,
    suggestions_make,
)

pytestmark = pytest.mark.django_db

TERMS = {
    "shared_goal": "Bring Japanese fermented foods to European tables",
    "value_chain_change": "Their export channel carries our products",
    "activities": ["marketing_sales", "outbound_logistics"],
    "starts_on": date(NEXT_YEAR, 4, 1),
    "duration_months": 12,
    "conditions": "Costs shared equally; results owned jointly.",
}


@pytest.fixture
def maker():
    return MembershipFactory(company=CompanyFactory(key="maker", name="Maker")).user


@pytest.fixture
def trader():
    membership = MembershipFactory(
        company=CompanyFactory(key="trader", name="Trader", industry="G", industry_division="46")
    )
    return membership.user


def company_of(user) -> Company:
    return user.companies.get()


def mutual(maker, trader) -> Match:
    cocreation.interest_send(user=maker, sender=company_of(maker), recipient=company_of(trader))
    cocreation.interest_send(user=trader, sender=company_of(trader), recipient=company_of(maker))
    return Match.objects.get()


# --- Interest ----------------------------------------------------------------------------


def test_interest_is_pending_and_private_until_mutual(
    maker, trader, django_capture_on_commit_callbacks
):
    a, b = company_of(maker), company_of(trader)
    with django_capture_on_commit_callbacks(execute=True):
        interest = cocreation.interest_send(user=maker, sender=a, recipient=b, message="Hello")

    assert interest.status == Interest.Status.PENDING
    assert not Match.objects.exists()
    assert not user_can_see_contact(user=maker, company=b)
    assert not user_can_see_contact(user=trader, company=a)
    [note] = Notification.objects.filter(user=trader)
    assert note.kind == "interest_received" and note.other == a
    assert not Notification.objects.filter(user=maker).exists()
    [message] = mail.outbox
    assert message.to == [trader.email] and "Maker" in message.subject


def test_mutual_interest_makes_a_match_and_reveals_contacts(
    maker, trader, django_capture_on_commit_callbacks
):
    a, b = company_of(maker), company_of(trader)
    cocreation.interest_send(user=maker, sender=a, recipient=b)
    with django_capture_on_commit_callbacks(execute=True):
        back = cocreation.interest_send(user=trader, sender=b, recipient=a)

    assert back.status == Interest.Status.MUTUAL
    assert set(Interest.objects.values_list("status", flat=True)) == {"mutual"}
    match = Match.objects.get()
    assert {match.company_a, match.company_b} == {a, b} and match.company_a.pk < match.company_b.pk
    assert user_can_see_contact(user=maker, company=b)
    assert user_can_see_contact(user=trader, company=a)
    assert Notification.objects.filter(kind="match").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([maker.email, trader.email])


def test_only_members_act_for_their_company(maker, trader):
    outsider = UserFactory()
    with pytest.raises(ValidationError, match="Only members"):
        cocreation.interest_send(
            user=outsider, sender=company_of(maker), recipient=company_of(trader)
        )
    assert not Interest.objects.exists()


def test_no_interest_in_oneself_in_a_hidden_company_or_twice(maker, trader):
    a, b = company_of(maker), company_of(trader)
    with pytest.raises(ValidationError, match="itself"):
        cocreation.interest_send(user=maker, sender=a, recipient=a)
    hidden = CompanyFactory(visibility=Company.Visibility.HIDDEN)
    with pytest.raises(ValidationError, match="cannot be contacted"):
        cocreation.interest_send(user=maker, sender=a, recipient=hidden)
    cocreation.interest_send(user=maker, sender=a, recipient=b)
    with pytest.raises(ValidationError, match="already expressed interest"):
        cocreation.interest_send(user=maker, sender=a, recipient=b)
    assert Interest.objects.count() == 1


def test_a_partners_only_company_is_reachable_only_when_suggested_or_interested(maker, trader):
    a, b = company_of(maker), company_of(trader)
    Company.objects.filter(pk=b.pk).update(visibility=Company.Visibility.PARTNERS)
    b.refresh_from_db()
    assert not company_visible_to(user=maker, company=b)
    with pytest.raises(ValidationError, match="cannot be contacted"):
        cocreation.interest_send(user=maker, sender=a, recipient=b)
    # Once it shows interest in the maker, the maker may answer and see its page.
    cocreation.interest_send(user=trader, sender=b, recipient=a)
    assert company_visible_to(user=maker, company=b)
    assert cocreation.interest_send(user=maker, sender=a, recipient=b).status == "mutual"


def test_interest_is_rate_limited_per_company(maker, settings):
    settings.INTEREST_DAILY_LIMIT = 2
    a = company_of(maker)
    targets = CompanyFactory.create_batch(3, industry="J", industry_division="62")
    for target in targets[:2]:
        cocreation.interest_send(user=maker, sender=a, recipient=target)
    with pytest.raises(ValidationError, match="2 times in the last 24 hours"):
        cocreation.interest_send(user=maker, sender=a, recipient=targets[2])
    # Older than a day: no longer counted.
    Interest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    cocreation.interest_send(user=maker, sender=a, recipient=targets[2])


def test_the_recipient_declines_with_a_reason_the_sender_sees(maker, trader):
    a, b = company_of(maker), company_of(trader)
    interest = cocreation.interest_send(user=maker, sender=a, recipient=b)
    with pytest.raises(ValidationError, match="Only members"):
        cocreation.interest_decline(user=maker, interest=interest, reason="no")

    declined = cocreation.interest_decline(user=trader, interest=interest, reason="Not now")

    assert declined.status == "declined" and declined.decline_reason == "Not now"
    assert Notification.objects.filter(user=maker, kind="interest_declined").exists()
    with pytest.raises(ValidationError, match="already been answered"):
        cocreation.interest_decline(user=trader, interest=interest)
    assert not Match.objects.exists()
    # The trader changes its mind and expresses interest after all: both are interested.
    cocreation.interest_send(user=trader, sender=b, recipient=a)
    assert Match.objects.count() == 1
    assert set(Interest.objects.values_list("status", flat=True)) == {"mutual"}


def test_e_mail_respects_each_members_choice(maker, trader, django_capture_on_commit_callbacks):
    notification_preferences_set(user=trader, email_kinds=[], language="ja")
    with django_capture_on_commit_callbacks(execute=True):
        cocreation.interest_send(user=maker, sender=company_of(maker), recipient=company_of(trader))
    assert Notification.objects.filter(user=trader).count() == 1
    assert mail.outbox == []
    assert NotificationPreference.objects.get(user=trader, kind="interest_received").email is False


def test_e_mail_is_written_in_the_recipients_language(
    maker, trader, django_capture_on_commit_callbacks
):
    notification_preferences_set(user=trader, email_kinds=["interest_received"], language="ja")
    with django_capture_on_commit_callbacks(execute=True):
        cocreation.interest_send(user=maker, sender=company_of(maker), recipient=company_of(trader))
    [message] = mail.outbox
    assert "/ja/interests/" in message.body


def test_nothing_is_sent_for_a_rolled_back_interest(
    maker, trader, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        cocreation.interest_send(user=maker, sender=company_of(maker), recipient=company_of(trader))
        raise RuntimeError("rolled back")
    assert callbacks == [] and mail.outbox == []
    assert not Interest.objects.exists()


# --- Proposals and alliances -------------------------------------------------------------


def test_either_side_proposes_and_the_other_accepts(maker, trader):
    match = mutual(maker, trader)
    proposal = cocreation.proposal_create(
        user=trader, match=match, company=company_of(trader), data=TERMS
    )
    assert proposal.version == 1 and proposal.status == "open"
    assert proposal.ends_on == date(NEXT_YEAR + 1, 4, 1)  # a start and a duration give the end
    with pytest.raises(ValidationError, match="Only the other side"):
        cocreation.proposal_accept(user=trader, proposal=proposal)

    alliance = cocreation.proposal_accept(user=maker, proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    assert alliance.shared_goal == TERMS["shared_goal"]
    assert (alliance.starts_on, alliance.ends_on) == (
        date(NEXT_YEAR, 4, 1),
        date(NEXT_YEAR + 1, 4, 1),
    )
    assert Notification.objects.filter(kind="accepted").count() == 2
    for user in (maker, trader):
        assert list(company_alliances(company=company_of(user), viewer=UserFactory())) == [alliance]


def test_no_proposal_without_a_match_side_and_only_one_open(maker, trader):
    match = mutual(maker, trader)
    stranger = MembershipFactory().user
    with pytest.raises(ValidationError, match="not part of this match"):
        cocreation.proposal_create(
            user=stranger, match=match, company=company_of(stranger), data=TERMS
        )
    cocreation.proposal_create(user=maker, match=match, company=company_of(maker), data=TERMS)
    with pytest.raises(ValidationError, match="already waiting"):
        cocreation.proposal_create(user=trader, match=match, company=company_of(trader), data=TERMS)


def test_bad_terms_are_refused_naming_each_field(maker, trader):
    match = mutual(maker, trader)
    bad = {"shared_goal": "", "starts_on": date(NEXT_YEAR, 4, 1), "ends_on": date(NEXT_YEAR, 1, 1),
           "activities": ["dancing"]}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        cocreation.proposal_create(user=maker, match=match, company=company_of(maker), data=bad)
    assert set(refused.value.message_dict) == {"shared_goal", "ends_on", "activities"}
    assert not AllianceProposal.objects.exists()


def test_changes_make_a_new_version_and_keep_the_history(maker, trader):
    match = mutual(maker, trader)
    first = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    second = cocreation.proposal_counter(
        user=trader, proposal=first, data={**TERMS, "duration_months": 24}
    )

    first.refresh_from_db()
    assert first.status == "superseded"
    assert (second.version, second.status, second.previous) == (2, "open", first)
    assert second.proposed_by == company_of(trader)
    with pytest.raises(ValidationError, match="no longer open"):
        cocreation.proposal_accept(user=trader, proposal=first)
    # Now the maker answers the trader's version.
    alliance = cocreation.proposal_accept(user=maker, proposal=second)
    assert alliance.ends_on == date(NEXT_YEAR + 2, 4, 1)
    assert list(match.proposals.order_by("version").values_list("status", flat=True)) == [
        "superseded",
        "accepted",
    ]


def test_a_declined_proposal_can_never_be_accepted(maker, trader):
    match = mutual(maker, trader)
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    cocreation.proposal_decline(user=trader, proposal=proposal, note="Too long")
    proposal.refresh_from_db()
    assert proposal.status == "declined" and proposal.response_note == "Too long"
    assert Notification.objects.filter(user=maker, kind="proposal_declined").exists()
    with pytest.raises(ValidationError, match="no longer open"):
        cocreation.proposal_accept(user=trader, proposal=proposal)
    assert not Alliance.objects.exists()
    # A new proposal may follow, as the next version.
    again = cocreation.proposal_create(
        user=trader, match=match, company=company_of(trader), data=TERMS
    )
    assert again.version == 2


def test_only_the_proposer_withdraws_an_open_proposal(maker, trader):
    match = mutual(maker, trader)
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    with pytest.raises(ValidationError, match="Only the side that proposed"):
        cocreation.proposal_withdraw(user=trader, proposal=proposal)
    assert cocreation.proposal_withdraw(user=maker, proposal=proposal).status == "withdrawn"
    with pytest.raises(ValidationError, match="no longer open"):
        cocreation.proposal_accept(user=trader, proposal=proposal)


def test_each_side_may_keep_the_alliance_off_its_public_page(maker, trader):
    match = mutual(maker, trader)
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    alliance = cocreation.proposal_accept(user=trader, proposal=proposal)
    visitor = UserFactory()
    with pytest.raises(ValidationError, match="Only members"):
        cocreation.alliance_privacy_set(
            user=trader, alliance=alliance, company=company_of(maker), private=True
        )

    cocreation.alliance_privacy_set(
        user=maker, alliance=alliance, company=company_of(maker), private=True
    )

    assert list(company_alliances(company=company_of(maker), viewer=visitor)) == []
    assert list(company_alliances(company=company_of(maker), viewer=maker)) == [alliance]
    assert list(company_alliances(company=company_of(trader), viewer=visitor)) == [alliance]


# --- Rules added with the visibility of hidden companies and the side of a member ----------


def test_a_hidden_company_cannot_express_interest_nobody_could_answer(maker, trader):
    a, b = company_of(maker), company_of(trader)
    Company.objects.filter(pk=a.pk).update(visibility=Company.Visibility.HIDDEN)
    a.refresh_from_db()
    with pytest.raises(ValidationError, match="profile is hidden"):
        cocreation.interest_send(user=maker, sender=a, recipient=b)
    assert not Interest.objects.exists()


def test_a_suggested_partners_only_company_is_reachable_and_visible(maker, trader):
    a, b = company_of(maker), company_of(trader)
    Company.objects.filter(pk=b.pk).update(visibility=Company.Visibility.PARTNERS)
    b.refresh_from_db()
    suggestions_make(a, b)
    assert company_visible_to(user=maker, company=b)
    assert not company_visible_to(user=MembershipFactory().user, company=b)
    assert cocreation.interest_send(user=maker, sender=a, recipient=b).status == "pending"
    # The partners-only company sees the one interested in it.
    assert company_visible_to(user=trader, company=a)


def test_a_hidden_partner_keeps_its_page_to_itself_even_after_a_match(maker, trader):
    mutual(maker, trader)
    b = company_of(trader)
    Company.objects.filter(pk=b.pk).update(visibility=Company.Visibility.HIDDEN)
    b.refresh_from_db()
    assert not company_visible_to(user=maker, company=b)
    assert company_visible_to(user=trader, company=b)
    assert user_can_see_contact(user=maker, company=b)  # on the match page


def test_nobody_sees_contact_details_without_a_match(maker, trader):
    a, b = company_of(maker), company_of(trader)
    cocreation.interest_send(user=maker, sender=a, recipient=b)
    cocreation.interest_decline(user=trader, interest=Interest.objects.get(), reason="")
    for user, company in ((maker, b), (trader, a), (UserFactory(), a)):
        assert not user_can_see_contact(user=user, company=company)
    assert user_can_see_contact(user=maker, company=a)  # one's own company


def test_a_member_proposes_only_for_the_company_they_belong_to(maker, trader):
    match = mutual(maker, trader)
    with pytest.raises(ValidationError, match="Only members of Trader"):
        cocreation.proposal_create(user=maker, match=match, company=company_of(trader), data=TERMS)
    assert not AllianceProposal.objects.exists()


def test_outsiders_and_the_proposer_cannot_answer_a_proposal(maker, trader):
    match = mutual(maker, trader)
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    outsider = MembershipFactory().user
    for user in (outsider, maker):
        with pytest.raises(ValidationError, match="Only the other side"):
            cocreation.proposal_decline(user=user, proposal=proposal)
        with pytest.raises(ValidationError, match="Only the other side"):
            cocreation.proposal_counter(user=user, proposal=proposal, data=TERMS)
    with pytest.raises(ValidationError, match="Only the side that proposed"):
        cocreation.proposal_withdraw(user=outsider, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == "open" and match.proposals.count() == 1


def test_a_superseded_version_cannot_be_answered_again_nor_countered(maker, trader):
    match = mutual(maker, trader)
    first = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    second = cocreation.proposal_counter(user=trader, proposal=first, data=TERMS)
    third = cocreation.proposal_counter(
        user=maker, proposal=second, data={**TERMS, "conditions": "Each side pays its own way."}
    )
    with pytest.raises(ValidationError, match="no longer open"):
        cocreation.proposal_counter(user=trader, proposal=first, data=TERMS)
    with pytest.raises(ValidationError, match="no longer open"):
        cocreation.proposal_decline(user=maker, proposal=second)
    assert [
        (p.version, p.status, p.proposed_by.key) for p in match.proposals.order_by("version")
    ] == [
        (1, "superseded", "maker"),
        (2, "superseded", "trader"),
        (3, "open", "maker"),
    ]
    assert third.previous == second and second.previous == first


def test_a_withdrawn_version_makes_room_for_a_new_one(maker, trader):
    match = mutual(maker, trader)
    first = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    cocreation.proposal_withdraw(user=maker, proposal=first)
    with pytest.raises(ValidationError, match="Only an open proposal"):
        cocreation.proposal_withdraw(user=maker, proposal=first)
    second = cocreation.proposal_create(
        user=trader, match=match, company=company_of(trader), data=TERMS
    )
    assert (second.version, second.status) == (2, "open")


def test_the_period_is_an_end_date_or_a_duration(maker, trader):
    match = mutual(maker, trader)
    both = {**TERMS, "ends_on": date(NEXT_YEAR + 1, 1, 1)}
    with pytest.raises(ValidationError) as refused:
        cocreation.proposal_create(user=maker, match=match, company=company_of(maker), data=both)
    assert "not both" in str(refused.value.message_dict["ends_on"])
    month_end = {**TERMS, "starts_on": date(NEXT_YEAR, 1, 31), "duration_months": 1}
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=month_end
    )
    assert proposal.ends_on == date(NEXT_YEAR, 2, 28)  # the last day of a shorter month
    cocreation.proposal_withdraw(user=maker, proposal=proposal)
    dated = {**TERMS, "duration_months": None, "ends_on": date(NEXT_YEAR, 9, 30)}
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=dated
    )
    assert (proposal.ends_on, proposal.duration_months) == (date(NEXT_YEAR, 9, 30), None)


def test_privacy_is_set_for_the_side_the_member_belongs_to(maker, trader):
    match = mutual(maker, trader)
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    alliance = cocreation.proposal_accept(user=trader, proposal=proposal)
    visitor = UserFactory()

    cocreation.alliance_privacy_set(user=trader, alliance=alliance, private=True)

    alliance.refresh_from_db()
    trader_is_a = alliance.company_a == company_of(trader)
    assert (alliance.private_a, alliance.private_b) == (trader_is_a, not trader_is_a)
    assert list(company_alliances(company=company_of(trader), viewer=visitor)) == []
    assert list(company_alliances(company=company_of(maker), viewer=visitor)) == [alliance]
    with pytest.raises(ValidationError, match="Only members"):
        cocreation.alliance_privacy_set(user=visitor, alliance=alliance, private=True)
    cocreation.alliance_privacy_set(user=trader, alliance=alliance, private=False)
    assert list(company_alliances(company=company_of(trader), viewer=visitor)) == [alliance]


# --- A second text in the partner's language ----------------------------------------------

SOON = date.today() + timedelta(days=60)  # future dates: a proposal may not start in the past
JA_TERMS = {
    "shared_goal": "発酵食品を欧州の食卓へ届ける",
    "conditions": "費用と成果は折半とする。",
    "starts_on": SOON,
    "duration_months": 12,
}
EN_TEXT = {
    "shared_goal_translation": "Bring fermented foods to European tables",
    "conditions_translation": "Costs and results shared equally.",
}


@pytest.fixture
def japanese_maker(maker):
    Company.objects.filter(key="maker").update(language="ja")
    return maker


def test_a_writer_adds_the_text_in_the_partners_language(japanese_maker, trader):
    match = mutual(japanese_maker, trader)
    proposal = cocreation.proposal_create(
        user=japanese_maker, match=match, company=company_of(japanese_maker),
        data=JA_TERMS | EN_TEXT,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.shared_goal == JA_TERMS["shared_goal"]  # the original is kept as written
    assert proposal.shared_goal_translation == EN_TEXT["shared_goal_translation"]
    assert proposal.conditions_translation == EN_TEXT["conditions_translation"]
    # No language given: the partner's, the language of the trader's profile.
    assert proposal.translation_language == "en"
    # Answering, the trader writes English and adds Japanese for the maker.
    second = cocreation.proposal_counter(
        user=trader, proposal=proposal,
        data={**JA_TERMS, "shared_goal": "Fermented foods in Europe",
              "shared_goal_translation": "欧州に発酵食品を"},
    )  # fmt: skip
    assert (second.translation_language, second.shared_goal_translation) == (
        "ja",
        "欧州に発酵食品を",
    )
    assert second.conditions_translation == ""  # not carried over unless sent again


def test_a_second_text_is_optional_and_checked(japanese_maker, trader):
    match = mutual(japanese_maker, trader)
    maker_company = company_of(japanese_maker)
    with pytest.raises(ValidationError) as refused:
        cocreation.proposal_create(
            user=japanese_maker, match=match, company=maker_company,
            data=JA_TERMS | {"shared_goal_translation": "x" * 501,
                             "translation_language": "fr"},
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"shared_goal_translation", "translation_language"}
    assert not AllianceProposal.objects.exists()
    # A language alone, without a second text, is not kept; spaces are no text.
    proposal = cocreation.proposal_create(
        user=japanese_maker, match=match, company=maker_company,
        data=JA_TERMS | {"translation_language": "en", "conditions_translation": "  "},
    )  # fmt: skip
    assert (proposal.translation_language, proposal.conditions_translation) == ("", "")


# --- A proposal starts today or later; its goal is visible text (issue #16) ---------------------


def test_a_proposal_may_start_today_in_the_sites_time_zone(maker, trader, settings):
    match = mutual(maker, trader)
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    assert cocreation.proposal_first_day() == today
    data = {**TERMS, "starts_on": today}
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=data
    )
    assert proposal.starts_on == today


def test_a_proposal_starting_in_the_past_is_refused_as_a_conflict(maker, trader):
    match = mutual(maker, trader)
    yesterday = cocreation.proposal_first_day() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        cocreation.proposal_create(
            user=maker,
            match=match,
            company=company_of(maker),
            data={**TERMS, "starts_on": yesterday},
        )
    [error] = refused.value.error_dict["starts_on"]
    assert error.code == "conflict"
    assert f"Start: {yesterday.isoformat()} is in the past" in error.messages[0]
    assert not AllianceProposal.objects.exists()


def test_a_counter_proposal_starting_in_the_past_leaves_the_open_version_open(maker, trader):
    match = mutual(maker, trader)
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=TERMS
    )
    past = {**TERMS, "starts_on": cocreation.proposal_first_day() - timedelta(days=30)}
    with pytest.raises(ValidationError, match="is in the past"):
        cocreation.proposal_counter(user=trader, proposal=proposal, data=past)
    assert list(AllianceProposal.objects.values_list("status", flat=True)) == ["open"]


def test_a_shared_goal_of_invisible_characters_is_refused_and_texts_are_trimmed(maker, trader):
    match = mutual(maker, trader)
    blank = {**TERMS, "shared_goal": "\u200b\u2060\ufeff\u3000"}
    with pytest.raises(ValidationError) as refused:
        cocreation.proposal_create(user=maker, match=match, company=company_of(maker), data=blank)
    assert set(refused.value.error_dict) == {"shared_goal"}

    padded = {**TERMS, "shared_goal": "\u200bTogether\u3000", "conditions": "\ufeffShared\u200b"}
    proposal = cocreation.proposal_create(
        user=maker, match=match, company=company_of(maker), data=padded
    )
    assert (proposal.shared_goal, proposal.conditions) == ("Together", "Shared")
