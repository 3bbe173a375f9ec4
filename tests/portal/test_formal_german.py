"""The portal addresses people formally ("Sie") in German, also in library texts (#20)."""

import re
from pathlib import Path

import allauth
import django
import django_otp
import polib
import pytest
import rest_framework
from django import forms
from django.utils import translation

INFORMAL = re.compile(
    r"\b([Dd]u|[Dd]ein\w*|dich|dir|[Gg]ib|[Ss]telle sicher|[Üü]berprüfe|versuche"
    r"|Versuche es|kannst|hast|bist|musst)\b"
)
LIBRARIES = [django, rest_framework, allauth, django_otp]


def catalogue(package):
    root = Path(package.__file__).parent
    path = root / "conf" if package is django else root
    return polib.mofile(str(path / "locale/de/LC_MESSAGES/django.mo"))


@pytest.mark.parametrize("package", LIBRARIES, ids=lambda p: p.__name__)
def test_library_texts_are_formal_in_german(package):
    informal = []
    with translation.override("de"):
        for entry in catalogue(package):
            if entry.msgid_plural or not entry.msgid:
                continue
            text = translation.gettext(entry.msgid)
            if INFORMAL.search(text):
                informal.append((entry.msgid, text))
    assert informal == []


def test_email_error_is_formal():
    with translation.override("de"), pytest.raises(forms.ValidationError) as error:
        forms.EmailField().clean("kein-at")
    assert error.value.messages == ["Bitte geben Sie eine gültige E-Mail-Adresse ein."]


@pytest.mark.parametrize(
    "path", sorted(Path(__file__).parents[2].glob("*/locale/de/LC_MESSAGES/django.po"))
)
def test_project_catalogues_are_formal(path):
    informal = [
        entry.msgid
        for entry in polib.pofile(str(path))
        if INFORMAL.search(entry.msgstr or "")
    ]
    assert informal == []
