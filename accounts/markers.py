"""Once per person, also after the account is deleted: keyed person markers.

Some rules hold per *person*, not per account: one response per verified
person to a consultation, and later one support per person for a proposal.
While the account exists, the salted hash of the person's BundID pseudonym
(``IdentityVerification.person_hash``, unique) enforces them. Deleting the
account deletes that link, and the same person could verify a new account
and take part again. So before the link is cut, the app keeps a *marker*:

    digest = HMAC-SHA256(key, scope | object | person hash)

with a key derived from ``SAML_BPK_SALT`` (Django's ``salted_hmac`` with its
own salt, so the digest is not the pseudonym hash of anything). The same
person verifying a new account gets the same pseudonym hash, hence the same
digest, and is refused. Markers hold no personal data: without the key *and*
the person's BundID pseudonym nobody can tell whose a marker is, and markers
of one person for two objects cannot be linked. No time stamp and no
sequence are stored, so a marker cannot be matched with the (pseudonymised)
response it stands for by time or order either.

Use it from a feature app::

    from accounts import markers

    markers.keep(person_hash, "consultations.response", consultation.pk)
    markers.is_marked(person_hash, "consultations.response", consultation.pk)
    markers.forget("consultations.response", consultation.pk)  # retention end

``SAML_BPK_SALT`` must never change once accounts are verified (the pseudonym
hashes depend on it too); without it (no BundID configured) ``SECRET_KEY``
keys the markers.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

from accounts.models import PersonMarker

KEY_SALT = "accounts.markers.PersonMarker"


def _secret():
    return settings.SAML_BPK_SALT or settings.SECRET_KEY


def digest(person_hash, scope, object_key):
    """The marker of ``person_hash`` for ``object_key`` in ``scope`` (hex)."""
    value = f"{scope}\x1f{object_key}\x1f{person_hash}"
    return salted_hmac(
        KEY_SALT, value, secret=_secret(), algorithm="sha256"
    ).hexdigest()


def keep(person_hash, scope, object_key):
    """Remember that this person acted on ``object_key`` (idempotent)."""
    if not person_hash:
        return None
    marker, _created = PersonMarker.objects.get_or_create(
        digest=digest(person_hash, scope, object_key),
        defaults={"scope": scope, "object_key": str(object_key)},
    )
    return marker


def is_marked(person_hash, scope, object_key):
    """Did this person act on ``object_key`` with an account deleted since?"""
    if not person_hash:
        return False
    return PersonMarker.objects.filter(
        digest=digest(person_hash, scope, object_key)
    ).exists()


def forget(scope, object_key):
    """Delete every marker of one object (e.g. when its retention period ends)."""
    return PersonMarker.objects.filter(
        scope=scope, object_key=str(object_key)
    ).delete()[0]
