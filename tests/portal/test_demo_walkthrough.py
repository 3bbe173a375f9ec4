"""The demo walkthrough of docs/workflows.md, as the demo users do it."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.portal.workflow_helpers import edit_url, submit, workflow_action_in_editor

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_redaktion_pruefung_amtsleitung_publish_a_demo_page(client, home, demo_user):
    about = home.get_children().get(slug="amt").specific
    blocks_before = [block.block_type for block in about.body]
    new_intro = (
        "Das Amt Crivitz verwaltet 17 Gemeinden – jetzt auch mit Online-Diensten."
    )

    client.force_login(demo_user("redaktion"))
    assert submit(client, about, intro=new_intro).status_code == 302
    assert Page.objects.get(pk=about.pk).specific.intro != new_intro

    client.force_login(demo_user("pruefung"))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="waiting-for-my-approval' in dashboard
    assert "Amt &amp; Gemeinden" in dashboard
    response = workflow_action_in_editor(client, about, "approve", "Inhalt geprüft.")
    assert response.status_code == 302

    client.force_login(demo_user("amtsleitung"))
    assert (
        "Amt &amp; Gemeinden"
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    response = workflow_action_in_editor(client, about, "approve", "Freigabe erteilt.")
    assert response.status_code == 302

    about = Page.objects.get(pk=about.pk).specific
    assert about.live and about.intro == new_intro
    assert [block.block_type for block in about.body] == blocks_before
    public = client.get(about.get_url()).content.decode()
    assert new_intro in public
    assert "Bürgerbüro Crivitz" in public  # nothing of the body lost on the way

    report = client.get(reverse("portal_approval_report")).content.decode()
    for expected in ["Amt &amp; Gemeinden", "Inhalt geprüft.", "Freigabe erteilt."]:
        assert expected in report
    assert client.get(edit_url(about)).status_code == 200
