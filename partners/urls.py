from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.home, name="home"),
    path("companies/", views.directory, name="directory"),
    path("new-company/", views.company_new, name="company_create"),
    path("companies/<str:key>/", views.company_detail, name="company_detail"),
    path("companies/<str:key>/edit/", views.company_edit, name="company_edit"),
]
