"""Regional projects: pages, "I can help" answers, following and e-mails."""

import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.permissions import grant_owner
from business.models import ProjectFollow, ProjectPage, ProjectResponse
from business.project_models import ItemKind, ProjectStatus
from portal import roles
from tests import factories
from tests.fresh_render import fresh_client, get_counting
from tests.security.staff import staff_with

from .factories import entry, project

pytestmark = pytest.mark.django_db

URL = "/wirtschaft/projekte/regionalmarkt-crivitz/"
NEED = "Marktstände und Pavillons"


def build_world():
    """A running market project with a farm shop as partner and a need, its
    English translation, a finished cycle path, and an idea still in draft."""
    shop = entry("Hofladen Banzkow", actor_type="farm")
    market = project(
        "Regionalmarkt Crivitz",
        items=[(ItemKind.NEED, NEED), (ItemKind.OFFER, "Strom für Stände")],
        english={"title": "Regional market Crivitz"},
        status=ProjectStatus.RUNNING,
        goal="Ein Markt für Erzeuger aus der Region.",
    )
    market.partners.add(shop)
    market.save_revision().publish()
    project("Radweg am Schweriner See", status=ProjectStatus.FINISHED)
    project("Dorfladen", status=ProjectStatus.IDEA, live=False)
    return SimpleNamespace(shop=shop, market=ProjectPage.objects.get(pk=market.pk))


world = factories.module_data(build_world)


def need(world):
    return world.market.items.get(title=NEED)


def test_project_pages_render_in_both_languages(client, world):
    assert client.get("/wirtschaft/projekte/").status_code == 200
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert NEED in html
    assert "Hofladen Banzkow" in html  # a partner
    assert response.context["json_ld_data"]["@type"] == "Project"
    english = client.get("/en/business/projects/regionalmarkt-crivitz/")
    assert english.status_code == 200
    assert "Regional market Crivitz" in english.content.decode()


def test_list_shows_live_projects_only(client, world):
    response = client.get("/wirtschaft/projekte/")
    titles = [page.title for page in response.context["projects"]()]
    assert titles == ["Radweg am Schweriner See", "Regionalmarkt Crivitz"]


def test_status_filter(client, world):
    response = client.get("/wirtschaft/projekte/?status=finished")
    titles = [page.title for page in response.context["projects"]()]
    assert titles == ["Radweg am Schweriner See"]
    response = client.get("/wirtschaft/projekte/?status=spaceship")
    assert len(response.context["projects"]()) == 2


def test_i_can_help_stores_a_message_and_tells_the_contact(client, world):
    user = factories.UserFactory()
    item = need(world)
    client.force_login(user)
    mail.outbox.clear()
    response = client.post(
        reverse("business:project_respond", args=[item.pk]),
        {"message": "Wir haben drei Pavillons."},
    )
    assert response.status_code == 302
    stored = ProjectResponse.objects.get(item=item, message="Wir haben drei Pavillons.")
    assert stored.user == user
    assert mail.outbox[-1].to == ["wirtschaft@testamt.example"]
    assert "Wir haben drei Pavillons." in mail.outbox[-1].body


def test_empty_answer_is_refused(client, world):
    user = factories.UserFactory()
    client.force_login(user)
    client.post(
        reverse("business:project_respond", args=[need(world).pk]), {"message": ""}
    )
    assert not ProjectResponse.objects.filter(user=user).exists()


def test_anonymous_must_log_in_to_answer(client, world):
    url = reverse("business:project_respond", args=[need(world).pk])
    response = client.post(url, {"message": "Hallo"})
    assert response.status_code == 302
    assert response["Location"] == redirect_to_login(url).url
    assert not ProjectResponse.objects.filter(message="Hallo").exists()


def test_answer_needs_post(client, world):
    client.force_login(factories.UserFactory())
    response = client.get(reverse("business:project_respond", args=[need(world).pk]))
    assert response.status_code == 405


def test_followers_get_an_email_when_the_project_is_updated(client, world):
    user = factories.UserFactory()
    client.force_login(user)
    client.post(
        reverse("business:project_follow", args=[world.market.pk]), {"follow": "1"}
    )
    assert ProjectFollow.objects.filter(user=user).exists()
    assert "Stop following" in client.get(URL).content.decode() or (
        "Nicht mehr folgen" in client.get(URL).content.decode()
    )
    mail.outbox.clear()
    page = ProjectPage.objects.get(pk=world.market.pk)
    page.status = ProjectStatus.FINISHED
    page.save_revision().publish()
    assert [message.to for message in mail.outbox] == [[user.email]]
    client.post(reverse("business:project_follow", args=[page.pk]), {"follow": "0"})
    assert not ProjectFollow.objects.filter(user=user).exists()


def test_my_data_export_contains_business_data(client, world):
    user = factories.UserFactory()
    grant_owner(world.shop, user)
    grant_owner(entry("Ferienhof Sukow"), user)
    grant_owner(entry("Fremder Betrieb"), factories.UserFactory())
    ProjectResponse.objects.create(item=need(world), user=user, message="Gern.")
    client.force_login(user)
    data = json.loads(client.post("/konto/data/").content)
    business = data["business"]
    assert {row["title"] for row in business["owned_entries"]} == {
        "Hofladen Banzkow",
        "Ferienhof Sukow",
    }
    assert business["project_answers"][0]["message"] == "Gern."


def test_business_editors_read_project_answers_in_the_admin(client, world):
    roles.setup_roles()
    answer = ProjectResponse.objects.create(
        item=need(world), user=factories.UserFactory(), message="Drei Pavillons."
    )
    editor = staff_with()  # reaches the admin, but no business editor
    client.force_login(editor)
    # Without the business editors' group: no access, back to the dashboard.
    response = client.get("/admin/business_project_responses/")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")

    editor.groups.add(Group.objects.get(name="Redaktion Wirtschaft"))
    listing = client.get("/admin/business_project_responses/")
    assert listing.status_code == 200
    assert answer.item.title in listing.content.decode()
    inspect = client.get(f"/admin/business_project_responses/inspect/{answer.pk}/")
    assert answer.message in inspect.content.decode()
    # Read-only: the actor's message is not changed or deleted by staff.
    edit = f"/admin/business_project_responses/edit/{answer.pk}/"
    delete = f"/admin/business_project_responses/delete/{answer.pk}/"
    for response in (
        client.get(edit),
        client.post(edit, {"message": "Geändert."}),
        client.post(delete),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    answer.refresh_from_db()
    assert answer.message == "Drei Pavillons."


def test_citizens_cannot_reach_the_project_answers_admin(client, world):
    client.force_login(factories.UserFactory())
    url = "/admin/business_project_responses/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == (
        redirect_to_login(url, login_url=reverse("wagtailadmin_login")).url
    )


@pytest.mark.parametrize(
    "path", ["/wirtschaft/projekte/", "/wirtschaft/projekte/?status=running", URL]
)
def test_cached_project_parts_are_the_same_and_follow_a_publish(world, path):
    client = fresh_client()
    first, _ = get_counting(client, path)
    again, queries = get_counting(client, path)
    assert again.content == first.content
    assert queries <= (2 if path == URL else 1)  # the project's items: per visitor
    shop = world.shop.specific_class.objects.get(pk=world.shop.pk)
    shop.title = "Hofladen Banzkow & Söhne"
    shop.save_revision().publish()
    market = ProjectPage.objects.get(pk=world.market.pk)
    market.title = "Regionalmarkt Crivitz am Markt"
    market.save_revision().publish()
    html = client.get(path).content.decode()
    assert "Regionalmarkt Crivitz am Markt" in html
    if path == URL:
        assert "Hofladen Banzkow &amp; Söhne" in html  # the partners, cached
    cache.clear()
    assert fresh_client().get(path).content.decode() == html
