from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/status/", views.suggestions_status, name="suggestions_status"),
    path("suggestions/dismissed/", views.dismissed, name="dismissed"),
    path("suggestions/dismissed/<str:key>/undo/", views.dismissal_undo, name="dismissal_undo"),
    path("suggestions/<str:key>/dismiss/", views.suggestion_dismiss, name="suggestion_dismiss"),
    path("suggestions/<str:key>/save/", views.suggestion_save, name="suggestion_save"),
    path("suggestions/<str:key>/unsave/", views.suggestion_unsave, name="suggestion_unsave"),
    path("suggestions/<str:key>/interest/", views.suggestion_interest, name="suggestion_interest"),
]
