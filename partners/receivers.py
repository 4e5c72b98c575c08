"""Receivers of Django's signals: thin doors into services, connected in ``apps.py``."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from alliance import credentials, kept
from matching.models import Dismissal, MatchRun, SavedSuggestion, SuggestionList

from .models import ApiToken, Company, Interest, Membership, Notification, User
from .services.notifications import user_language_remember


@receiver(user_logged_in, dispatch_uid="partners.language_on_sign_in")
def language_on_sign_in(sender, request, user, **kwargs) -> None:
    """E-mail follows the language the user signs in with (the page's language)."""
    language = getattr(request, "LANGUAGE_CODE", None) if request is not None else None
    user_language_remember(user=user, language=language)


# --- Versions of kept answers (``alliance.kept``) ---------------------------------------
# Rows saved or deleted one by one anywhere (services, the admin). Bulk writes
# (``QuerySet.update``, ``bulk_create``) are made by services, which renew the versions
# themselves.


@receiver([post_save, post_delete], sender=Company, dispatch_uid="partners.kept_company")
def kept_company(sender, instance: Company, **kwargs) -> None:
    kept.profiles_changed()


@receiver([post_save, post_delete], sender=User, dispatch_uid="partners.kept_user")
def kept_user(sender, instance: User, **kwargs) -> None:
    if kwargs.get("update_fields") != frozenset({"last_login"}):
        kept.users_changed([instance.pk])
        credentials.forget_user(instance.pk)  # staff, active, password: at once


@receiver([post_save, post_delete], sender=ApiToken, dispatch_uid="partners.kept_token")
def kept_token(sender, instance: ApiToken, **kwargs) -> None:
    credentials.forget_tokens([instance.digest])


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="partners.kept_membership")
def kept_membership(sender, instance: Membership, **kwargs) -> None:
    kept.users_changed([instance.user_id])
    kept.companies_changed([instance.company_id])


@receiver([post_save, post_delete], sender=Notification, dispatch_uid="partners.kept_notification")
def kept_notification(sender, instance: Notification, **kwargs) -> None:
    kept.users_changed([instance.user_id])


@receiver([post_save, post_delete], sender=Interest, dispatch_uid="partners.kept_interest")
def kept_interest(sender, instance: Interest, **kwargs) -> None:
    kept.companies_changed([instance.sender_id, instance.recipient_id])


@receiver(post_save, sender=MatchRun, dispatch_uid="partners.kept_run")
def kept_run(sender, instance: MatchRun, created: bool, **kwargs) -> None:
    """A run started (or changed, saved one by one): the pages say so."""
    kept.lists_changed()


@receiver([post_save, post_delete], sender=SuggestionList, dispatch_uid="partners.kept_list")
def kept_list(sender, instance: SuggestionList, **kwargs) -> None:
    kept.lists_changed()


@receiver([post_save, post_delete], sender=Dismissal, dispatch_uid="partners.kept_dismissal")
@receiver([post_save, post_delete], sender=SavedSuggestion, dispatch_uid="partners.kept_saved")
def kept_feedback(sender, instance, **kwargs) -> None:
    kept.companies_changed([instance.company_id])
