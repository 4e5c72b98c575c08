from django.urls import path

from . import views

app_name = "partners_api"

urlpatterns = [
    path("company/", views.OwnCompanyView.as_view(), name="company"),
    path("companies/", views.CompanyListView.as_view(), name="companies"),
    path("companies/<str:key>/", views.CompanyDetailView.as_view(), name="company_detail"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", views.NotificationsReadView.as_view(), name="notifications_read"),
    path("import/", views.CompaniesImportView.as_view(), name="import"),
    path("recompute/", views.RecomputeView.as_view(), name="recompute"),
]
