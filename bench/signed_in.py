"""A signed-in citizen's session for make bench: prints ``name=value`` of the
session cookie, for wrk's ``Cookie`` header (bench/run.sh, *signed-in* column).

The user ``bench-citizen`` (no groups, no admin access) is created if missing;
the session is stored like a login's (user id, backend, auth hash).

Usage: python bench/signed_in.py
"""

from common import setup_django

setup_django("portal.settings.production")

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)


def main():
    user, _ = get_user_model().objects.get_or_create(
        username="bench-citizen", defaults={"email": "bench-citizen@example.org"}
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    print(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")  # noqa: T201


if __name__ == "__main__":
    main()
