"""Creation rules, rendering and editing of the home app's page types."""

import datetime

from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html

from home.models import AccessibilityStatementPage, HomePage, StandardPage
from home.models.pages import ComplianceStatus
from tests import factories


class HomePageTypesTest(WagtailPageTestCase):
    def setUp(self):
        self.home = HomePage.objects.get(locale__language_code="de")
        self.user = self.login()
        self.about = factories.add_page(
            self.home, StandardPage, title="Amt", slug="amt"
        )
        self.statement = factories.add_page(
            self.home,
            AccessibilityStatementPage,
            title="Erklärung zur Barrierefreiheit",
            slug="barrierefreiheit",
            status=ComplianceStatus.PARTIAL,
            status_text="<p>Das Portal wird nach WCAG 2.1 AA entwickelt.</p>",
            known_barriers=[
                (
                    "barrier",
                    {
                        "barrier": "Ältere PDF-Dokumente sind nicht barrierefrei.",
                        "reason": "Sie wurden vor 2020 erstellt.",
                        "alternative": "Auf Anfrage in zugänglicher Form.",
                    },
                )
            ],
            assessment_date=datetime.date(2026, 11, 28),
            statement_date=datetime.date(2026, 11, 28),
            assessment_method="Selbstbewertung.",
            feedback_email="barrierefreiheit@testamt.example",
            enforcement_body="Schlichtungsstelle nach § 16 BGG",
        )

    def test_creation_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(StandardPage, HomePage)
        self.assertAllowedSubpageTypes(AccessibilityStatementPage, {})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_pages_render_and_are_editable(self):
        for page in [
            self.home,
            self.about,
            self.statement,
        ]:
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
            self.client.force_login(self.user)
            edit_form = self.client.get(
                reverse("wagtailadmin_pages:edit", args=[page.pk])
            )
            post_data = querydict_from_html(
                edit_form.content.decode(), form_id="page-edit-form"
            )
            # StreamFields are drawn by JavaScript; submit them empty.
            for field in type(page)._meta.get_fields():
                if isinstance(field, StreamField):
                    post_data[f"{field.name}-count"] = "0"
            self.assertPageIsEditable(page, post_data=post_data)
            self.assertPageIsPreviewable(page, post_data=post_data)

    def test_create_standard_page_through_the_admin(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            {
                "title": "Wahlen 2026",
                "slug": "wahlen-2026",
                "intro": "Alles zur Kommunalwahl.",
                "body-count": "0",
                "teaser_image": "",
            },
        )
        self.assertTrue(StandardPage.objects.filter(slug="wahlen-2026").exists())

    def test_accessibility_statement_shows_required_parts(self):
        html = self.client.get("/barrierefreiheit/").content.decode()
        for expected in (
            "teilweise",
            "Ältere PDF-Dokumente",
            "barrierefreiheit@testamt.example",
            "Schlichtungsstelle",
        ):
            self.assertIn(expected, html)
