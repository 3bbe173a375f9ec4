"""Every demo page opens in the admin editor (catches content the editor cannot load)."""

import pytest
from django.urls import reverse
from wagtail.models import Page

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_every_demo_page_opens_in_the_editor(client, demo_user):
    client.force_login(demo_user("admin"))
    for page in Page.objects.filter(depth__gt=1):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, (page.url_path, response.status_code)
