"""Screenshots of the public forms and pages at 1280 and 390 px.

Run against a running demo portal (``make run``)::

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--only NAME]

Writes ``docs/screenshots/<name>-<width>.png`` (full page) with Playwright and
Debian's Chromium (``/usr/bin/chromium``; no browser is downloaded). Logs in
as the demo users (password ``demo``) where a form needs an account.
"""

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WIDTHS = (1280, 390)

# (name, user or None, path, action): action "submit" sends the form empty to
# show its error summary; "follow <selector>" follows the first matching link
# (for forms whose URL differs per installation); several actions are a tuple.
SERVICE = "/service/wohnen-und-meldewesen/beglaubigung/"
SERVICE_FORM_LINK = "follow main a[href*='/antraege/neu/']"
SHOTS = [
    ("suche", None, "/suche/?q=Antrag", None),
    ("datenschutz", None, "/datenschutz/", None),
    ("gebaerdensprache", None, "/gebaerdensprache/", None),
    ("leichte-sprache", None, "/leichte-sprache/", None),
    ("newsletter", None, "/newsletter/", None),
    ("newsletter-fehler", None, "/newsletter/", "submit"),
    ("login", None, "/konto/login/", None),
    ("registrierung", None, "/konto/signup/", None),
    ("dokument-pruefen", None, "/pruefen/", None),
    ("verzeichnis-filter", None, "/wirtschaft/verzeichnis/", None),
    ("veranstaltungen-filter", None, "/tourismus/veranstaltungen/", None),
    ("aktuelles-filter", None, "/aktuelles/", None),
    ("gremien", None, "/gremien/", None),
    ("gremien-mitglieder", None, "/gremien/mitglieder/?party=CDU", None),
    ("maengelmelder", "buerger", "/beteiligung/meldungen/neu/", None),
    (
        "beteiligung-fragebogen",
        "buerger",
        "/beteiligung/spielplatz-plate/answer/",
        None,
    ),
    (
        "beteiligung-fragebogen-fehler",
        "buerger",
        "/beteiligung/spielplatz-plate/answer/",
        "submit",
    ),
    (
        "beteiligung-kommentar",
        "buerger",
        "/beteiligung/spielplatz-plate/comment/",
        None,
    ),
    ("buergerbudget-ergebnis", None, "/beteiligung/buergerbudget-2026/results/", None),
    (
        "buergerbudget-abstimmung",
        "buerger",
        "/beteiligung/buergerbudget-crivitz/vote/",
        None,
    ),
    ("profil", "buerger", "/konto/profile/", None),
    ("service-antrag", "buerger", SERVICE, SERVICE_FORM_LINK),
    ("service-antrag-fehler", "buerger", SERVICE, (SERVICE_FORM_LINK, "submit")),
    ("verzeichnis-eintrag-neu", "unternehmen", "/verzeichnis-eintraege/neu/", None),
    ("veranstaltung-melden", "unternehmen", "/konto/veranstaltungen/neu/", None),
    (
        "veranstaltung-melden-fehler",
        "unternehmen",
        "/konto/veranstaltungen/neu/",
        "submit",
    ),
]


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/konto/login/")
    page.fill("main input[name=login]", username)
    page.fill("main input[name=password]", "demo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--only", help="only the shots whose name contains this")
    parser.add_argument("--extra", nargs=2, metavar=("NAME", "PATH"), action="append")
    args = parser.parse_args()
    shots = SHOTS + [(name, None, path, None) for name, path in args.extra or []]
    if args.only:
        shots = [shot for shot in shots if args.only in shot[0]]
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu"],
            # Chromium's interface language sets the empty date format
            # ("tt.mm.jjjj"); needs Debian's chromium-l10n
            env={**os.environ, "LANGUAGE": "de"},
        )
        for width in WIDTHS:
            context = browser.new_context(
                viewport={"width": width, "height": 900}, locale="de-DE"
            )
            page = context.new_page()
            user = None
            for name, who, path, action in shots:
                if who != user:
                    if who:
                        log_in(page, args.base, who)
                    else:
                        context.clear_cookies()
                    user = who
                response = page.goto(args.base + path)
                status = response.status if response else "?"
                for step in action if isinstance(action, tuple) else [action]:
                    if step == "submit":
                        page.locator(
                            "main form[method=post] button[type=submit]"
                        ).last.click()
                    elif step and step.startswith("follow "):
                        page.locator(step.removeprefix("follow ")).first.click()
                    page.wait_for_load_state()
                path = page.url.removeprefix(args.base)
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"{status} {path} -> {target.relative_to(OUT.parent.parent)}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
