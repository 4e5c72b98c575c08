"""Receivers of Django's signals: thin doors into services, connected in ``apps.py``."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from alliance import versions
from matching.models import Dismissal, SavedSuggestion

from .models import ApiToken, Interest, Membership, Notification, User
from .services.notifications import user_language_remember


@receiver(user_logged_in, dispatch_uid="partners.language_on_sign_in")
def language_on_sign_in(sender, request, user, **kwargs) -> None:
    """E-mail follows the language the user signs in with (the page's language)."""
    language = getattr(request, "LANGUAGE_CODE", None) if request is not None else None
    user_language_remember(user=user, language=language)


# --- Versions of cached responses (``alliance.versions``) ----------------------------
# The platform tables are watched at the database connection; these are the member's
# own rows, saved or deleted one by one anywhere (services, the admin). The services'
# bulk writes (``update()``, ``bulk_create``) bump the versions themselves.


@receiver([post_save, post_delete], sender=User, dispatch_uid="partners.versions_user")
def versions_user(sender, instance: User, **kwargs) -> None:
    if kwargs.get("update_fields") != frozenset({"last_login"}):
        versions.bump([versions.AUTH])  # staff, active and password: credentials too
    versions.users_bump([instance.pk])


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="partners.versions_membership")
@receiver(
    [post_save, post_delete], sender=Notification, dispatch_uid="partners.versions_notification"
)
def versions_member_rows(sender, instance, **kwargs) -> None:
    versions.users_bump([instance.user_id])


@receiver([post_save, post_delete], sender=ApiToken, dispatch_uid="partners.versions_token")
def versions_token(sender, instance: ApiToken, **kwargs) -> None:
    versions.bump([versions.AUTH])


@receiver([post_save, post_delete], sender=Interest, dispatch_uid="partners.versions_interest")
def versions_interest(sender, instance: Interest, **kwargs) -> None:
    versions.companies_bump([instance.sender_id, instance.recipient_id])


@receiver([post_save, post_delete], sender=Dismissal, dispatch_uid="partners.versions_dismissal")
@receiver([post_save, post_delete], sender=SavedSuggestion, dispatch_uid="partners.versions_saved")
def versions_feedback(sender, instance, **kwargs) -> None:
    versions.companies_bump([instance.company_id])
