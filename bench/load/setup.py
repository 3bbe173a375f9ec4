"""Citizen accounts for the load test (bench/load/run.sh): ``lasttest-001`` … with a
confirmed e-mail address (enough for consultations "with an account").

Environment: LOAD_CITIZENS (how many), LOAD_PASSWORD (their password), LOAD_LOGINS
(how many of them log in through the form during the run; the others get a session
here, written to LOAD_RESULTS/sessions.json: hashing a password is slow on purpose,
and twenty logins in the first seconds would measure only that). The password is
hashed once and the hash given to every account.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

PREFIX = "lasttest-"


def username(n):
    return f"{PREFIX}{n:03d}"


def main():
    count = int(os.environ.get("LOAD_CITIZENS", "20"))
    logins = int(os.environ.get("LOAD_LOGINS", "4"))
    password = make_password(os.environ["LOAD_PASSWORD"])
    User = get_user_model()
    SessionStore = import_string(settings.SESSION_ENGINE + ".SessionStore")
    sessions = {}
    for n in range(1, count + 1):
        user, _created = User.objects.update_or_create(
            username=username(n),
            defaults={"email": f"{username(n)}@example.org", "password": password},
        )
        EmailAddress.objects.update_or_create(
            user=user,
            email=user.email,
            defaults={"verified": True, "primary": True},
        )
        if n > logins:  # signed in already, as after an earlier visit
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            sessions[user.username] = session.session_key
    results = os.environ.get("LOAD_RESULTS", ".")
    with open(os.path.join(results, "sessions.json"), "w") as handle:
        json.dump(
            {"cookie": settings.SESSION_COOKIE_NAME, "sessions": sessions}, handle
        )


if __name__ == "__main__":
    main()
