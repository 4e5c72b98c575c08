from django.urls import path

from . import views

app_name = "matching_api"

urlpatterns = [
    path("suggestions/", views.SuggestionListView.as_view(), name="suggestions"),
    path("suggestions/dismissed/", views.DismissalListView.as_view(), name="dismissals"),
    path(
        "suggestions/<str:key>/dismiss/",
        views.SuggestionDismissView.as_view(),
        name="suggestion_dismiss",
    ),
    path(
        "suggestions/<str:key>/save/",
        views.SuggestionSaveView.as_view(),
        name="suggestion_save",
    ),
]
