"""CSV and XLSX exports with codebook: permissions, columns, personal data."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from consultations.models import Participation

from .helpers import Q_CHOICE, Q_MULTI, Q_SECRET, make_consultation, make_user, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(db):
    page = make_consultation(participation=Participation.ACCOUNT)
    respond(
        page,
        {
            f"q-{Q_CHOICE}": "1",
            f"q-{Q_MULTI}": ["0", "1"],
            f"q-{Q_SECRET}": "=HYPERLINK()",
        },
        user=make_user("respondent"),
    )
    respond(page, {f"q-{Q_CHOICE}": "2"})
    return page


def staff(username, *groups):
    user = make_user(username)
    user.is_staff = True
    user.save()
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def read_csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_editor_of_participation_exports_without_personal_data(client, consultation):
    client.force_login(staff("beteiligung", "Redaktion Beteiligung"))
    response = client.get(f"/admin/consultations/{consultation.pk}/export.csv")
    assert response.status_code == 200
    rows = read_csv(response)
    header = rows[0]
    assert header[:5] == [
        "receipt",
        "submitted_at",
        "changed_at",
        "language",
        "channel",
    ]
    assert "email" not in header and "account" not in header
    assert header[5:] == [f"Q{n}" for n in range(1, 8)]
    assert len(rows) == 3
    first = rows[1]
    assert first[5] == "1" and first[6] == "0;1"
    # confidential answers are in the staff export, defused against formulas
    assert first[8] == "'=HYPERLINK()"
    assert "respondent" not in "".join(first)


def test_administration_exports_personal_data(client, consultation):
    client.force_login(staff("verwaltung", "Administration"))
    rows = read_csv(client.get(f"/admin/consultations/{consultation.pk}/export.csv"))
    assert rows[0][5:8] == ["account", "email", "municipality_ags"]
    assert rows[1][5:7] == ["respondent", "respondent@example.org"]


def test_xlsx_has_responses_and_codebook(client, consultation):
    client.force_login(staff("tabelle", "Redaktion Beteiligung"))
    response = client.get(f"/admin/consultations/{consultation.pk}/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    responses, codebook = workbook.worksheets
    rows = list(responses.values)
    assert len(rows) == 3 and rows[1][5] == "1"
    codes = [row for row in codebook.values if row[0] == "Q1"]
    assert [(row[6], row[7]) for row in codes] == [
        ("0", "Red"),
        ("1", "Blue"),
        ("2", "Green"),
    ]


def test_codebook_lists_every_question(client, consultation):
    client.force_login(staff("codes", "Redaktion Beteiligung"))
    rows = read_csv(client.get(f"/admin/consultations/{consultation.pk}/codebook.csv"))
    columns = {row[0] for row in rows[1:]}
    assert columns == {f"Q{n}" for n in range(1, 8)}
    secret = next(row for row in rows if row[1] == Q_SECRET)
    assert secret[5] == "no"  # not public


@pytest.mark.parametrize(
    "group", ["Moderation", "Redaktion Allgemein und Aktuelles", "Fachamt"]
)
def test_other_staff_may_not_export(client, consultation, group):
    client.force_login(staff(f"refused-{group[:5]}", group))
    for suffix in ("export.csv", "export.xlsx", "codebook.csv"):
        response = client.get(f"/admin/consultations/{consultation.pk}/{suffix}")
        assert response.status_code in (302, 403), (group, suffix)
        assert not getattr(response, "streaming", False)


def test_anonymous_visitors_are_sent_to_the_login(client, consultation):
    response = client.get(f"/admin/consultations/{consultation.pk}/export.csv")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_overview_lists_consultations_with_counts_and_export_links(
    client, consultation
):
    client.force_login(staff("uebersicht", "Redaktion Beteiligung"))
    response = client.get("/admin/consultations/")
    assert response.status_code == 200
    row = next(c for c in response.context["consultations"] if c.pk == consultation.pk)
    assert row.response_count == 2
    assert (
        f"/admin/consultations/{consultation.pk}/export.xlsx"
        in response.content.decode()
    )
    statements = client.get("/admin/statements/", {"consultation": consultation.pk})
    assert statements.status_code == 200
