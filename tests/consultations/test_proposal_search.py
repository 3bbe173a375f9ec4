"""Published proposals and budget projects are hits of their own in the site
search (#25): found by a word of their title, labelled by kind, linked to their
own place, after the pages, never when unpublished, withdrawn or below a view
restriction, never with the author's name; in both languages."""

import pytest
from wagtail.models import PageViewRestriction

from consultations.models import Proposal, ProposalStatus
from home.models import StandardPage
from search.query import run_search
from tests import factories
from tests.consultations.factories import budget, proposal, proposal_process

pytestmark = pytest.mark.django_db


def outcome(client, query, url="/suche/", **params):
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200
    return response.context["outcome"], response.content.decode()


def urls(result):
    return [hit.url for hit in result.hits]


def proposal_process_with_three_proposals():
    page = proposal_process()
    factories.translate(page, title="Ideas for the village", slug="ideas")
    author = factories.UserFactory(first_name="Erika", last_name="Geheimname")
    page.public = proposal(page, title="Trinkwasserbrunnen am Markt", author=author)
    page.pending = proposal(
        page, title="Zaunkönighecke am Friedhof", status=ProposalStatus.PENDING
    )
    page.rejected = proposal(
        page, title="Beleidigender Quatschvorschlag", status=ProposalStatus.REJECTED
    )
    return page


process = factories.module_data(proposal_process_with_three_proposals)


def test_a_published_proposal_is_found_by_a_word_of_its_title(client, process):
    result, html = outcome(client, "Trinkwasserbrunnen")

    assert urls(result) == [f"{process.url}{process.public.pk}/"]
    hit = result.hits[0]
    assert hit.page is None and hit.kind == "proposal"
    assert hit.type_label == "Vorschlag"
    assert f'href="{process.url}{process.public.pk}/"' in html
    assert ">Vorschlag</span>" in html
    assert "Geheimname" not in html and "Erika" not in html
    # its own entry in the type facet, which selects it
    facets = {facet.key: (facet.label, facet.count) for facet in result.facets}
    assert facets["consultations.proposal"] == ("Vorschlag", 1)
    selected, _ = outcome(client, "Trinkwasserbrunnen", type="consultations.proposal")
    assert urls(selected) == urls(result)
    other, _ = outcome(client, "Trinkwasserbrunnen", type="home.standardpage")
    assert urls(other) == []


def test_the_english_search_links_the_english_process_page(client, process):
    result, html = outcome(client, "Trinkwasserbrunnen", url="/en/search/")

    english = process.get_translation(factories.locale("en"))
    assert urls(result) == [f"{english.url}{process.public.pk}/"]
    assert result.hits[0].type_label == "Proposal"
    assert ">Proposal</span>" in html


def test_pending_rejected_and_withdrawn_proposals_are_not_found(client, process):
    assert urls(outcome(client, "Zaunkönighecke")[0]) == []
    assert urls(outcome(client, "Quatschvorschlag")[0]) == []

    public = Proposal.objects.get(pk=process.public.pk)  # the module's is shared
    public.status = ProposalStatus.WITHDRAWN
    public.save()
    assert urls(outcome(client, "Trinkwasserbrunnen")[0]) == []


def test_a_proposal_enters_the_search_when_published_and_leaves_when_merged(
    client, process
):
    pending = Proposal.objects.get(pk=process.pending.pk)  # the module's is shared
    pending.status = ProposalStatus.PUBLISHED
    pending.save()
    assert urls(outcome(client, "Zaunkönighecke")[0]) == [f"{process.url}{pending.pk}/"]
    pending.status = ProposalStatus.MERGED
    pending.merged_into = process.public
    pending.save()
    assert urls(outcome(client, "Zaunkönighecke")[0]) == []


def test_only_published_proposals_are_in_the_search_index(process):
    assert list(Proposal.get_indexed_objects()) == [process.public]


def test_proposals_of_a_restricted_or_unpublished_process_are_hidden(client, process):
    PageViewRestriction.objects.create(
        page=process, restriction_type=PageViewRestriction.LOGIN
    )
    assert urls(outcome(client, "Trinkwasserbrunnen")[0]) == []
    PageViewRestriction.objects.all().delete()

    other = proposal_process(title="Zweiter Aufruf")
    proposal(other, title="Obstwiese am Feldweg")
    assert len(urls(outcome(client, "Obstwiese")[0])) == 1
    other.unpublish()
    assert urls(outcome(client, "Obstwiese")[0]) == []


def test_proposals_come_after_the_pages_that_match(client, process):
    home = factories.home_page()
    page = factories.add_page(
        home,
        StandardPage,
        title="Brunnen im Amt",
        intro="Wo es Trinkwasserbrunnen gibt.",
    )

    result, _ = outcome(client, "Trinkwasserbrunnen")

    assert urls(result) == [page.url, f"{process.url}{process.public.pk}/"]
    assert result.total == 2
    newest, _ = outcome(client, "Trinkwasserbrunnen", sort="newest")
    assert urls(newest) == urls(result)


def test_the_municipality_facet_counts_and_filters_proposals(client):
    municipality = factories.translated_municipality(name="Plate", slug="plate")
    process = proposal_process(municipality=municipality)
    item = proposal(process, title="Bücherzelle am Rathaus")

    result, _ = outcome(client, "Bücherzelle")
    assert [(f.key, f.count) for f in result.municipality_facets] == [("plate", 1)]
    assert urls(outcome(client, "Bücherzelle", municipality="plate")[0]) == [
        f"{process.url}{item.pk}/"
    ]
    factories.translated_municipality(name="Banzkow", slug="banzkow")
    assert urls(outcome(client, "Bücherzelle", municipality="banzkow")[0]) == []


def test_a_date_filter_leaves_proposals_out(process):
    from datetime import date

    result = run_search(
        "Trinkwasserbrunnen", factories.locale("de"), date_from=date(2020, 1, 1)
    )
    assert result.hits == []


def test_budget_projects_are_found_and_link_to_their_place(client):
    page = budget(projects=[("Bücherschrank am Rathaus", 1200)])
    project = page.projects.get()

    result, html = outcome(client, "Bücherschrank")

    assert urls(result) == [f"{page.url}#project-{project.pk}"]
    assert result.hits[0].type_label == "Projekt im Bürgerhaushalt"
    assert f'id="project-{project.pk}"' in client.get(page.url).content.decode()
    page.unpublish()
    assert urls(outcome(client, "Bücherschrank")[0]) == []
