from django.urls import path

from alliance.dashboard import moderation_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("status/", views.status, name="status"),
    path("recompute/", views.recompute, name="recompute"),
    path("refresh/", views.refresh, name="refresh"),
    path("reports/", moderation_views.reports, name="reports"),
    path(
        "reports/companies/<int:company_id>/hide/",
        moderation_views.report_hide,
        name="report_hide",
    ),
    path(
        "reviews/<int:pk>/<str:action>/",
        moderation_views.review_answer,
        name="review_answer",
    ),
    path(
        "reports/<int:pk>/dismiss/",
        moderation_views.report_dismiss_view,
        name="report_dismiss",
    ),
]
