"""Journey (#26): a citizen pays for a service, downloads the signed receipt and
whoever receives it checks it on /pruefen/ by code and by upload."""

import re

import pytest

from tests.browser.test_journeys import portal_login

pytestmark = pytest.mark.browser

# the code is also in the PDF's keywords (documents.pdf.KEYWORD_PREFIX)
CODE_IN_FILE = re.compile(rb"verification-code:([0-9A-Z]{13})")


def pay_for_a_certification(page, portal_url):
    """The service journey with the dummy provider (as in test_journeys)."""
    page.goto(portal_url + "/service/wohnen-und-meldewesen/beglaubigung/")
    page.get_by_role("link", name="Antrag starten").click()
    page.get_by_label("Dokument").fill("Meisterbrief")
    page.get_by_label("Anzahl der Kopien").fill("2")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Einreichen und bezahlen").click()
    page.wait_for_load_state()
    page.get_by_role("button", name=re.compile(r"Jetzt .* EUR bezahlen")).click()
    page.wait_for_load_state()
    page.select_option("main select[name=status]", "confirmed")
    page.select_option("main select[name=fraud_status]", "accept")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert re.search("bezahlt", page.locator("main").inner_text(), re.I)


def test_citizen_pays_downloads_the_receipt_and_it_verifies(
    desktop, portal_url, tmp_path
):
    portal_login(desktop, portal_url, "buerger")
    pay_for_a_certification(desktop, portal_url)

    with desktop.expect_download() as download_info:
        desktop.get_by_role(
            "link", name="Zahlungsbestätigung herunterladen (PDF)"
        ).click()
    receipt = tmp_path / "quittung.pdf"
    download_info.value.save_as(receipt)
    data = receipt.read_bytes()
    assert data.startswith(b"%PDF-")
    code = CODE_IN_FILE.search(data).group(1).decode()
    typed = f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}".lower()

    # Whoever receives the receipt (no account needed) checks it by code ...
    desktop.context.clear_cookies()
    desktop.goto(portal_url + "/pruefen/")
    desktop.get_by_role("textbox", name="Prüfcode").fill(typed)
    desktop.get_by_role("button", name="Code prüfen").click()
    desktop.wait_for_load_state()
    result = desktop.locator(".verify-result").inner_text()
    assert "Gültig." in result
    assert "Zahlungsbestätigung" in result
    assert code[:4] in result
    assert "Meisterbrief" not in result  # no content, no personal data
    assert "buerger" not in result.lower()

    # ... and by uploading the file: the unchanged original
    desktop.set_input_files("main input[type=file]", str(receipt))
    desktop.get_by_role("button", name="Datei prüfen").click()
    desktop.wait_for_load_state()
    result = desktop.locator(".verify-result").inner_text()
    assert "Unveränderte Originaldatei." in result
    assert "Zahlungsbestätigung" in result

    # a copy with one changed byte is recognised as changed
    changed = bytearray(data)
    changed[changed.index(b"stream") + 40] ^= 0x01
    altered = tmp_path / "quittung-geaendert.pdf"
    altered.write_bytes(bytes(changed))
    desktop.set_input_files("main input[type=file]", str(altered))
    desktop.get_by_role("button", name="Datei prüfen").click()
    desktop.wait_for_load_state()
    result = desktop.locator(".verify-result").inner_text()
    assert "Verändert." in result
    assert "Unveränderte" not in result
