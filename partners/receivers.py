"""Receivers of Django's signals: thin doors into services, connected in ``apps.py``."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services.notifications import user_language_remember


@receiver(user_logged_in, dispatch_uid="partners.language_on_sign_in")
def language_on_sign_in(sender, request, user, **kwargs) -> None:
    """E-mail follows the language the user signs in with (the page's language)."""
    language = getattr(request, "LANGUAGE_CODE", None) if request is not None else None
    user_language_remember(user=user, language=language)
