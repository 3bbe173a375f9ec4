"""Browser tests: Playwright drives Debian's Chromium against the portal served
on loopback with the demo content (a separate SQLite database made for the run).

Run with ``make test-browser``; ``.ci/run`` runs them after the unit suite.
"""

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Chromium's own interface language decides how date fields show an empty
# date ("tt.mm.jjjj", not "mm/dd/yyyy"); the context's locale does not. It
# needs Debian's chromium-l10n (make system-check-browser checks it).
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "de"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = ROOT / "docs" / "screenshots"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def portal_workdir():
    workdir = Path(tempfile.mkdtemp(prefix="portal-browser-"))
    yield workdir
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def mailbox(portal_workdir):
    """The e-mails the portal sent, newest last, as plain text."""

    def read():
        folder = portal_workdir / "mail"
        files = sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime)
        return [path.read_text(encoding="utf-8", errors="replace") for path in files]

    return read


class BlankTiles(BaseHTTPRequestHandler):
    """A tile server stub: every ``/{z}/{x}/{y}.png`` is the same light 256 px tile."""

    tile = b""
    requested = []

    def do_GET(self):  # noqa: N802 (the http.server API)
        if not self.path.endswith(".png"):
            self.send_error(404)
            return
        BlankTiles.requested.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.tile)))
        self.end_headers()
        self.wfile.write(self.tile)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def tile_server():
    """The map's tiles from loopback (``MAP_TILE_URL`` of the portal under test):
    the consent-first map can be opened and clicked without any outside host.
    ``BlankTiles.requested`` lists the tiles fetched."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (236, 236, 228)).save(buffer, "PNG")
    BlankTiles.tile = buffer.getvalue()
    server = ThreadingHTTPServer(("127.0.0.1", 0), BlankTiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def portal_port():
    return free_port()


@pytest.fixture(scope="session")
def portal_env(portal_workdir, portal_port, tile_server):
    """The environment of the served portal (its database, media and mail)."""
    workdir, port = portal_workdir, portal_port
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "MAP_TILE_URL": tile_server,
        "MAP_TILE_ATTRIBUTION": "Testkacheln",
    }


@pytest.fixture(scope="session")
def portal_url(portal_env, portal_port):
    """Start the portal with fresh demo content; yield its base URL."""
    env, port = portal_env, portal_port
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run(
            [*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True
        )
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # up to two minutes: on a loaded machine the first start takes a while
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the portal did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def seed(portal_url, portal_env):
    """Run Python code (factories from tests/) in the served portal's database;
    returns what the code printed. Journeys build their own data with it."""

    def run(code):
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
            env=portal_env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        # the last line: ``shell`` may first say what it imported
        return result.stdout.strip().splitlines()[-1]

    return run


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=CHROMIUM_ENV
        )
        yield chromium
        chromium.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, locale="de-DE", is_mobile=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    return (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()


def run_axe(page, axe_source):
    """Violations of WCAG 2.1 A/AA rules with impact serious or critical."""
    # evaluate() runs through the DevTools protocol, so the page's CSP allows it.
    page.evaluate(axe_source)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
