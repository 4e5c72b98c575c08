from django.urls import path

from alliance.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("status/", views.status, name="status"),
    path("recompute/", views.recompute, name="recompute"),
    path("refresh/", views.refresh, name="refresh"),
]
