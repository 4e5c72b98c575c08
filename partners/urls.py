from django.urls import path

from . import (
    account_views,
    cocreation_views,
    key_views,
    logo_views,
    report_views,
    team_views,
    token_views,
    views,
    webhook_views,
)

app_name = "partners"

urlpatterns = [
    path("", views.home, name="home"),
    path("companies/", views.directory, name="directory"),
    path("new-company/", views.company_new, name="company_create"),
    path("companies/<str:key>/", views.company_detail, name="company_detail"),
    path("companies/<str:key>/edit/", views.company_edit, name="company_edit"),
    path("companies/<str:key>/interest/", cocreation_views.interest_send, name="interest_send"),
    path("companies/<str:key>/report/", report_views.company_report, name="company_report"),
    path("companies/<str:key>/logo/", logo_views.company_logo_edit, name="company_logo_edit"),
    path("companies/<str:key>/logo.png", logo_views.company_logo, name="company_logo"),
    path("companies/<str:key>/delete/", account_views.company_delete_view, name="company_delete"),
    path(
        "companies/<str:key>/review/",
        report_views.company_review_request,
        name="company_review_request",
    ),
    path("companies/<str:key>/address/", key_views.company_key_edit, name="company_key_edit"),
    path("companies/<str:key>/team/", team_views.team, name="team"),
    path("companies/<str:key>/team/leave/", team_views.team_leave, name="team_leave"),
    path(
        "companies/<str:key>/team/members/<int:pk>/role/",
        team_views.team_member_role,
        name="team_member_role",
    ),
    path(
        "companies/<str:key>/team/members/<int:pk>/remove/",
        team_views.team_member_remove,
        name="team_member_remove",
    ),
    path(
        "companies/<str:key>/team/invitations/<int:pk>/resend/",
        team_views.team_invitation_resend,
        name="team_invitation_resend",
    ),
    path(
        "companies/<str:key>/team/invitations/<int:pk>/revoke/",
        team_views.team_invitation_revoke,
        name="team_invitation_revoke",
    ),
    path("invitations/<str:token>/", team_views.invitation, name="invitation"),
    path("interests/", cocreation_views.interests, name="interests"),
    path("interests/<int:pk>/decline/", cocreation_views.interest_decline, name="interest_decline"),
    path(
        "interests/<int:pk>/withdraw/", cocreation_views.interest_withdraw, name="interest_withdraw"
    ),
    path("matches/", cocreation_views.matches, name="matches"),
    path("matches/<int:pk>/", cocreation_views.match_detail, name="match_detail"),
    path("proposals/<int:pk>/changes/", cocreation_views.proposal_counter, name="proposal_counter"),
    path(
        "proposals/<int:pk>/<str:action>/",
        cocreation_views.proposal_answer,
        name="proposal_answer",
    ),
    path("alliances/<int:pk>/privacy/", cocreation_views.alliance_privacy, name="alliance_privacy"),
    path("notifications/", cocreation_views.notifications, name="notifications"),
    path(
        "notifications/<int:pk>/open/",
        cocreation_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/settings/",
        cocreation_views.notification_settings,
        name="notification_settings",
    ),
    path("terms/", account_views.terms, name="terms"),
    path("privacy/", account_views.privacy, name="privacy"),
    path("account/data/", account_views.account_data, name="account_data"),
    path("account/delete/", account_views.account_delete_view, name="account_delete"),
    path("account/tokens/", token_views.api_tokens, name="api_tokens"),
    path(
        "account/tokens/<int:pk>/revoke/",
        token_views.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("company/settings/", views.company_settings, name="company_settings"),
    path("company/webhooks/", webhook_views.webhooks, name="webhooks"),
    path("company/webhooks/<int:pk>/", webhook_views.webhook_detail, name="webhook_detail"),
    path("company/webhooks/<int:pk>/delete/", webhook_views.webhook_delete, name="webhook_delete"),
    path(
        "company/webhooks/<int:pk>/secret/",
        webhook_views.webhook_secret_rotate,
        name="webhook_secret_rotate",
    ),
    path(
        "company/webhooks/<int:pk>/deliveries/<int:delivery_pk>/resend/",
        webhook_views.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
