"""Authentication backends that keep the signed-in user in the shared cache.

Every page request of a signed-in member loads their user row (``get_user``, from
the session). These backends keep it in the cache under the member's version
(``alliance.versions``): saving the account (password, staff, active, e-mail),
anywhere, renews that version, so a changed password still signs the other sessions
out at once (Django compares the session's hash with the user's, as loaded here).
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from alliance import page_ahead, versions

USER_SECONDS = 300


class _CachedUser:
    def get_user(self, user_id):
        key = f"signed-in:{user_id}"
        # Read ahead with a kept page (``alliance.page_ahead``), or read now.
        found = page_ahead.found_for(user_id)
        user, at = versions.cached_get(key, [versions.user_scope(user_id)], found)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                versions.cached_set(key, user, at, timeout=USER_SECONDS)
        return user


class CachedModelBackend(_CachedUser, ModelBackend):
    """Django's model backend (sign-in by e-mail and password)."""


class CachedAllauthBackend(_CachedUser, AuthenticationBackend):
    """django-allauth's backend (its sign-in forms)."""
