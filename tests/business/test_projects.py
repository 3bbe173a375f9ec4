"""Regional projects: pages, "I can help" answers, following and e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from business.models import ProjectFollow, ProjectPage, ProjectResponse

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

URL = "/wirtschaft/projekte/regionalmarkt-crivitz/"


def project(slug="regionalmarkt-crivitz", language="de"):
    return ProjectPage.objects.get(slug=slug, locale__language_code=language)


def test_project_pages_render_in_both_languages(client):
    assert client.get("/wirtschaft/projekte/").status_code == 200
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Marktstände und Pavillons" in html
    assert "Hofladen Banzkow" in html  # a partner
    assert response.context["json_ld_data"]["@type"] == "Project"
    english = client.get("/en/business/projects/regionalmarkt-crivitz/")
    assert english.status_code == 200
    assert ProjectPage.objects.live().filter(locale__language_code="de").count() == 4


def test_status_filter(client):
    response = client.get("/wirtschaft/projekte/?status=finished")
    titles = [page.title for page in response.context["projects"]]
    assert titles == ["Lückenschluss Radweg am Schweriner See"]


def test_i_can_help_stores_a_message_and_tells_the_contact(client, demo_user):
    user = demo_user("unternehmen")
    item = project().items.get(title="Marktstände und Pavillons")
    client.force_login(user)
    mail.outbox.clear()
    response = client.post(
        reverse("business:project_respond", args=[item.pk]),
        {"message": "Wir haben drei Pavillons."},
    )
    assert response.status_code == 302
    stored = ProjectResponse.objects.get(item=item, message="Wir haben drei Pavillons.")
    assert stored.user == user
    assert mail.outbox[-1].to == ["wirtschaft@amt-crivitz.example"]
    assert "Wir haben drei Pavillons." in mail.outbox[-1].body


def test_empty_answer_is_refused(client, demo_user):
    item = project().items.first()
    client.force_login(demo_user("buerger"))
    client.post(reverse("business:project_respond", args=[item.pk]), {"message": ""})
    assert not ProjectResponse.objects.filter(user__username="buerger").exists()


def test_anonymous_must_log_in_to_answer(client):
    item = project().items.first()
    response = client.post(
        reverse("business:project_respond", args=[item.pk]), {"message": "Hallo"}
    )
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not ProjectResponse.objects.filter(message="Hallo").exists()


def test_answer_needs_post(client, demo_user):
    item = project().items.first()
    client.force_login(demo_user("buerger"))
    response = client.get(reverse("business:project_respond", args=[item.pk]))
    assert response.status_code == 405


def test_followers_get_an_email_when_the_project_is_updated(client, demo_user):
    user = demo_user("buerger")
    client.force_login(user)
    client.post(
        reverse("business:project_follow", args=[project().pk]), {"follow": "1"}
    )
    assert ProjectFollow.objects.filter(user=user).exists()
    assert "Stop following" in client.get(URL).content.decode() or (
        "Nicht mehr folgen" in client.get(URL).content.decode()
    )
    mail.outbox.clear()
    page = project()
    page.status = "running"
    page.save_revision().publish()
    assert [message.to for message in mail.outbox] == [[user.email]]
    client.post(reverse("business:project_follow", args=[page.pk]), {"follow": "0"})
    assert not ProjectFollow.objects.filter(user=user).exists()


def test_my_data_export_contains_business_data(client, demo_user):
    import json

    user = demo_user("unternehmen")
    item = project().items.first()
    ProjectResponse.objects.create(item=item, user=user, message="Gern.")
    client.force_login(user)
    data = json.loads(client.post("/konto/data/").content)
    business = data["business"]
    assert {entry["title"] for entry in business["owned_entries"]} >= {
        "Hofladen Banzkow",
        "Ferienhof Sukow",
    }
    assert business["project_answers"][0]["message"] == "Gern."


def test_business_editors_read_project_answers_in_the_admin(client, demo_user):
    from django.contrib.auth.models import Group

    answer = ProjectResponse.objects.select_related("item").get(
        user__username="unternehmen"
    )  # from the demo
    editor = demo_user("redaktion")
    client.force_login(editor)
    # Without the business editors' group: no access.
    assert client.get("/admin/business_project_responses/").status_code in (302, 403)

    editor.groups.add(Group.objects.get(name="Redaktion Wirtschaft"))
    listing = client.get("/admin/business_project_responses/")
    assert listing.status_code == 200
    assert answer.item.title in listing.content.decode()
    inspect = client.get(f"/admin/business_project_responses/inspect/{answer.pk}/")
    assert answer.message in inspect.content.decode()
    # Read-only: the actor's message is not changed or deleted by staff.
    edit = client.get(f"/admin/business_project_responses/edit/{answer.pk}/")
    assert edit.status_code in (302, 403)
    delete = client.post(f"/admin/business_project_responses/delete/{answer.pk}/")
    assert delete.status_code in (302, 403)
    assert ProjectResponse.objects.filter(pk=answer.pk).exists()


def test_citizens_cannot_reach_the_project_answers_admin(client, demo_user):
    client.force_login(demo_user("buerger"))
    response = client.get("/admin/business_project_responses/")
    assert response.status_code in (302, 403)
