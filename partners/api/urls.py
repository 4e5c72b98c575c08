from django.urls import path

from . import cocreation, team, views, webhooks

app_name = "partners_api"

urlpatterns = [
    path("company/", views.OwnCompanyView.as_view(), name="company"),
    path("team/", team.TeamListView.as_view(), name="team"),
    path("companies/", views.CompanyListView.as_view(), name="companies"),
    path("companies/<str:key>/", views.CompanyDetailView.as_view(), name="company_detail"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", views.NotificationsReadView.as_view(), name="notifications_read"),
    path("import/", views.CompaniesImportView.as_view(), name="import"),
    path("recompute/", views.RecomputeView.as_view(), name="recompute"),
    path("interests/", cocreation.InterestListView.as_view(), name="interests"),
    path(
        "interests/<int:id>/decline/",
        cocreation.InterestDeclineView.as_view(),
        name="interest_decline",
    ),
    path(
        "interests/<int:id>/withdraw/",
        cocreation.InterestWithdrawView.as_view(),
        name="interest_withdraw",
    ),
    path("matches/", cocreation.MatchListView.as_view(), name="matches"),
    path("matches/<int:id>/", cocreation.MatchDetailView.as_view(), name="match_detail"),
    path(
        "matches/<int:id>/proposals/",
        cocreation.MatchProposalsView.as_view(),
        name="match_proposals",
    ),
    path(
        "proposals/<int:id>/accept/",
        cocreation.ProposalAcceptView.as_view(),
        name="proposal_accept",
    ),
    path(
        "proposals/<int:id>/decline/",
        cocreation.ProposalDeclineView.as_view(),
        name="proposal_decline",
    ),
    path(
        "proposals/<int:id>/counter/",
        cocreation.ProposalCounterView.as_view(),
        name="proposal_counter",
    ),
    path(
        "proposals/<int:id>/withdraw/",
        cocreation.ProposalWithdrawView.as_view(),
        name="proposal_withdraw",
    ),
    path("alliances/", cocreation.AllianceListView.as_view(), name="alliances"),
    path("alliances/<int:id>/", cocreation.AllianceDetailView.as_view(), name="alliance_detail"),
    path("webhooks/", webhooks.WebhookListView.as_view(), name="webhooks"),
    path("webhooks/<int:pk>/", webhooks.WebhookDetailView.as_view(), name="webhook_detail"),
    path(
        "webhooks/<int:pk>/rotate-secret/",
        webhooks.WebhookSecretRotateView.as_view(),
        name="webhook_rotate_secret",
    ),
    path(
        "webhooks/<int:pk>/deliveries/",
        webhooks.WebhookDeliveryListView.as_view(),
        name="webhook_deliveries",
    ),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_id>/resend/",
        webhooks.WebhookDeliveryResendView.as_view(),
        name="webhook_delivery_resend",
    ),
]
