"""Helpers of the services tests."""

from django.urls import reverse

from services.models import Application
from tests.files import pdf_bytes

PDF = pdf_bytes()  # a real PDF: uploads are parsed (issue #19)


def apply(client, page, data, files=None):
    """POST the application form of ``page``; returns the response."""
    payload = dict(data)
    payload.update(files or {})
    return client.post(reverse("services:apply", args=[page.pk]), payload)


def latest(user):
    return Application.objects.filter(applicant=user).order_by("-pk").first()


def copies(n="3", document="Zeugnis", pickup="Bürgerbüro Crivitz"):
    return {"dokument": document, "anzahl_der_kopien": n, "abholung": pickup}


def submit(client, application):
    return client.post(reverse("services:submit", args=[application.reference]))


def pay(client, application):
    return client.post(reverse("services:pay", args=[application.reference]))
