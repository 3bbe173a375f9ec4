"""Demo content of the home app: content pages and the legal pages."""

import datetime

from home.models import AccessibilityStatementPage, ComplianceStatus, StandardPage
from portal.models import PortalSettings


def paragraph(html):
    return ("paragraph", html)


def load(demo):
    home = demo.home
    home_en = demo.home_en()

    about = demo.page(
        home,
        StandardPage,
        "amt",
        title="Amt & Gemeinden",
        show_in_menus=True,
        intro=(
            "Das Amt Crivitz erledigt die Verwaltungsgeschäfte für 17 Gemeinden "
            "zwischen Schweriner See, Warnow und Lewitz."
        ),
        body=[
            ("heading", {"text": "Unsere Gemeinden", "level": "h2"}),
            paragraph(
                "<p>Zum Amt gehören die Stadt Crivitz und die Gemeinden Banzkow, Barnin, "
                "Bülow, Cambs, Demen, Dobin am See, Friedrichsruhe, Gneven, Langen Brütz, "
                "Leezen, Pinnow, Plate, Raben Steinfeld, Sukow, Tramm und Zapel.</p>"
            ),
            (
                "contact",
                {
                    "name": "Bürgerbüro Crivitz",
                    "role": "Meldewesen, Pass- und Ausweisangelegenheiten",
                    "phone": "03863 5550",
                    "email": "buergerbuero@amt-crivitz.example",
                    "address": "Amtsstraße 5\n19089 Crivitz",
                    "hours": "Di 9–12 und 13–18 Uhr\nDo 9–12 Uhr",
                },
            ),
            (
                "accordion",
                {
                    "title": "Häufige Fragen",
                    "items": [
                        {
                            "question": "Wann hat das Bürgerbüro geöffnet?",
                            "answer": "<p>Dienstag 9–12 und 13–18 Uhr, Donnerstag 9–12 Uhr.</p>",
                        },
                        {
                            "question": "Wo melde ich Sperrmüll an?",
                            "answer": "<p>Sperrmüll melden Sie beim Abfallwirtschaftsbetrieb des Landkreises an.</p>",
                        },
                    ],
                },
            ),
        ],
    )
    demo.translate(
        about,
        title="Administration & villages",
        slug="administration",
        intro=(
            "Amt Crivitz handles the administration of 17 municipalities between "
            "Lake Schwerin, the Warnow river and the Lewitz."
        ),
        body=[
            ("heading", {"text": "Our municipalities", "level": "h2"}),
            paragraph(
                "<p>The association comprises the town of Crivitz and the villages of "
                "Banzkow, Barnin, Bülow, Cambs, Demen, Dobin am See, Friedrichsruhe, "
                "Gneven, Langen Brütz, Leezen, Pinnow, Plate, Raben Steinfeld, Sukow, "
                "Tramm and Zapel.</p>"
            ),
        ],
    )

    imprint = demo.page(
        home,
        StandardPage,
        "impressum",
        title="Impressum",
        intro="Angaben gemäß § 5 DDG.",
        body=[
            paragraph(
                "<p>Amt Crivitz, Amtsstraße 5, 19089 Crivitz</p><p>Vertreten durch die "
                "Amtsvorsteherin. Telefon 03863 5550, E-Mail info@amt-crivitz.example.</p>"
                "<p>Das Amt ist eine Körperschaft des öffentlichen Rechts. Zuständige "
                "Aufsichtsbehörde: Landkreis Ludwigslust-Parchim.</p>"
            ),
        ],
    )
    demo.translate(
        imprint,
        title="Imprint",
        slug="imprint",
        intro="Information according to § 5 DDG (German Digital Services Act).",
        body=[
            paragraph(
                "<p>Amt Crivitz, Amtsstraße 5, 19089 Crivitz, Germany. Represented by "
                "the head of the association. Phone +49 3863 5550.</p>"
            )
        ],
    )
    privacy = demo.page(
        home,
        StandardPage,
        "datenschutz",
        title="Datenschutzerklärung",
        intro="Wie wir mit Ihren Daten umgehen (Art. 13 DSGVO).",
        body=[
            ("heading", {"text": "Keine Cookies beim Lesen", "level": "h2"}),
            paragraph(
                "<p>Beim Lesen dieses Portals setzen wir keine Cookies und laden keine "
                "Inhalte von anderen Servern. Karten und Videos werden erst nach Ihrem "
                "Klick geladen. Ein Cookie wird nur gesetzt, wenn Sie sich anmelden oder "
                "ein Formular absenden.</p>"
            ),
            ("heading", {"text": "Verantwortliche Stelle", "level": "h2"}),
            paragraph("<p>Amt Crivitz, Amtsstraße 5, 19089 Crivitz.</p>"),
        ],
    )
    demo.translate(
        privacy,
        title="Privacy notice",
        slug="privacy",
        intro="How we handle your data (Art. 13 GDPR).",
        body=[
            ("heading", {"text": "No cookies while reading", "level": "h2"}),
            paragraph(
                "<p>We set no cookies and load nothing from other servers while you "
                "read this portal. Maps and videos load only after you click.</p>"
            ),
        ],
    )
    accessibility = demo.page(
        home,
        AccessibilityStatementPage,
        "barrierefreiheit",
        title="Erklärung zur Barrierefreiheit",
        status=ComplianceStatus.PARTIAL,
        status_text=(
            "<p>Das Portal wird nach WCAG 2.1 AA / BITV 2.0 entwickelt und automatisch "
            "sowie manuell geprüft.</p>"
        ),
        known_barriers=[
            (
                "barrier",
                {
                    "barrier": "Ältere PDF-Dokumente sind nicht vollständig barrierefrei.",
                    "reason": "Die Dokumente wurden vor 2020 erstellt; sie werden schrittweise ersetzt.",
                    "alternative": "Auf Anfrage erhalten Sie die Inhalte in zugänglicher Form.",
                },
            )
        ],
        assessment_date=datetime.date(2026, 11, 28),
        statement_date=datetime.date(2026, 11, 28),
        assessment_method=(
            "Selbstbewertung: automatische Prüfung mit axe-core (WCAG 2.1 A/AA) auf allen "
            "Seitentypen in Deutsch und Englisch, bei 1280 px und 320 px Breite; "
            "Umbruch bei 400 % Zoom; Bedienung allein mit der Tastatur (Sprunglink, "
            "sichtbarer Fokus, keine Tastaturfalle); Nutzungswege im Browser "
            "(Veranstaltung, Suche, Daten, Beteiligung, Antrag mit Bezahlung)."
        ),
        feedback_email="barrierefreiheit@amt-crivitz.example",
        feedback_phone="03863 5550",
        enforcement_body="Schlichtungsstelle nach § 16 BGG / Landesbeauftragte(r) für Menschen mit Behinderungen M-V",
        enforcement_address="Schloßstraße 6–8\n19053 Schwerin",
        enforcement_url="https://www.schlichtungsstelle-bgg.de",
    )
    demo.translate(
        accessibility,
        title="Accessibility statement",
        slug="accessibility",
        known_barriers=[
            (
                "barrier",
                {
                    "barrier": "Older PDF documents are not fully accessible.",
                    "reason": "They were produced before 2020 and are being replaced step by step.",
                    "alternative": "On request we send the content in an accessible form.",
                },
            )
        ],
        assessment_method=(
            "Self-assessment: automated axe-core checks (WCAG 2.1 A/AA) on every page "
            "type in German and English at 1280 px and 320 px; reflow at 400 % zoom; "
            "keyboard-only use (skip link, visible focus, no keyboard trap); journeys "
            "in a browser (event, search, data, consultation, application with payment)."
        ),
    )
    easy = demo.page(
        home,
        StandardPage,
        "leichte-sprache",
        title="Leichte Sprache",
        intro="Hier erklären wir die Internet-Seite in Leichter Sprache.",
        body=[
            paragraph(
                "<p>Das ist die Internet-Seite vom Amt Crivitz.</p><p>Das Amt hilft "
                "den Menschen in 17 Dörfern und einer Stadt.</p><p>Auf dieser Seite "
                "finden Sie:</p><ul><li>Nachrichten</li><li>Veranstaltungen</li>"
                "<li>Formulare für Anträge</li></ul><p>Sie haben eine Frage? "
                "Rufen Sie an: 03863 5550.</p>"
            )
        ],
    )
    demo.translate(
        easy,
        title="Easy-to-read information",
        slug="easy-to-read",
        intro="This page explains the website in easy language.",
        body=[paragraph("<p>This is the website of Amt Crivitz.</p>")],
    )
    sign = demo.page(
        home,
        StandardPage,
        "gebaerdensprache",
        title="Gebärdensprache",
        intro="Informationen zu diesem Portal in Deutscher Gebärdensprache (DGS).",
        body=[
            paragraph(
                "<p>Hier finden Sie Videos in Deutscher Gebärdensprache. Die Videos "
                "erklären, welche Informationen es auf dieser Seite gibt und wie Sie "
                "uns erreichen.</p>"
            )
        ],
    )
    demo.translate(
        sign,
        title="Sign language",
        slug="sign-language",
        intro="Information about this portal in German Sign Language (DGS).",
        body=[paragraph("<p>Videos in German Sign Language explain this portal.</p>")],
    )

    portal_settings = PortalSettings.for_site(demo.site)
    if portal_settings.imprint_page is None:
        portal_settings.imprint_page = imprint
        portal_settings.privacy_page = privacy
        portal_settings.accessibility_page = accessibility
        portal_settings.easy_language_page = easy
        portal_settings.sign_language_page = sign
        portal_settings.contact_page = about
        portal_settings.save()

    # Fetch afresh: the tree counters of the objects above are stale by now.
    home = demo.home
    home_en = demo.home_en()
    if not home.teasers:
        home.teasers = [
            (
                "section",
                {
                    "page": about,
                    "title": "Amt & Gemeinden",
                    "text": "Bürgerbüros, Ansprechpartner und die 17 Gemeinden.",
                    "icon": "town-hall",
                },
            )
        ]
        home.save_revision().publish()
        home_en.teasers = [
            (
                "section",
                {
                    "page": about,
                    "title": "Administration & villages",
                    "text": "Citizen offices, contacts and the 17 villages.",
                    "icon": "town-hall",
                },
            )
        ]
        home_en.save_revision().publish()

    from home import demo_news

    demo_news.load(demo)


def load_scale(demo, rng):
    from home import demo_news

    demo_news.load_scale(demo, rng)
