"""Citizen accounts for the load test (bench/load/run.sh): ``lasttest-001`` … with a
confirmed e-mail address (enough for consultations "with an account").

Environment: LOAD_CITIZENS (how many), LOAD_PASSWORD (their password). The password is
hashed once and the hash given to every account: hashing is slow on purpose.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402

PREFIX = "lasttest-"


def username(n):
    return f"{PREFIX}{n:03d}"


def main():
    count = int(os.environ.get("LOAD_CITIZENS", "20"))
    password = make_password(os.environ["LOAD_PASSWORD"])
    User = get_user_model()
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


if __name__ == "__main__":
    main()
