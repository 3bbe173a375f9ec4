"""Demo council: the council section page and a sync from the shipped OParl files."""

from pathlib import Path

import requests

from council.models import CouncilIndexPage
from council.oparl import Client, LocalDirectoryAdapter, sync

DEMO_BASE_URL = "https://ratsinfo.amt-crivitz.example/oparl/v1/"
DEMO_DIRECTORY = Path(__file__).resolve().parent / "fixtures" / "demo_oparl"


def demo_client():
    """An OParl client that reads the demo endpoint from the fixture files."""
    session = requests.Session()
    session.mount(DEMO_BASE_URL, LocalDirectoryAdapter(DEMO_BASE_URL, DEMO_DIRECTORY))
    return Client(session=session)


def load(demo):
    page = demo.page(
        demo.home,
        CouncilIndexPage,
        "gremien",
        title="Gremien und Sitzungen",
        show_in_menus=True,
        source_name="Ratsinfo Amt Crivitz",
        intro=(
            "Sitzungstermine, Tagesordnungen und Vorlagen der Stadtvertretung, der "
            "Gemeindevertretungen und ihrer Ausschüsse – aus dem Ratsinformationssystem."
        ),
    )
    demo.translate(
        page,
        title="Council meetings",
        slug="council",
        source_name="Council information system",
        intro=(
            "Meeting dates, agendas and papers of the town and village councils and "
            "their committees, from the council information system (in German)."
        ),
    )
    sync(DEMO_BASE_URL + "system", client=demo_client())
