"""Scale-out test on loopback: two app servers, one PostgreSQL, one Redis, a task
worker, Varnish in front and an S3 server (moto) for media.

Run it with ``make scaletest`` (deploy/scaletest.sh starts PostgreSQL and installs
Varnish if needed). It uses its own database and its own Redis, moto and Varnish
processes on free ports, checks what docs/deployment.md promises and stops
everything it started, also on failure:

1. a page published through server A's admin is served in its new version at once
   by A and B, and by Varnish as soon as the purge task has run;
2. a session started on A (admin login) works on B;
3. an image uploaded through A's admin (stored in S3) is rendered and served by B;
4. tasks enqueued by A (search index, cache purge, an e-mail) are done by the worker;
5. killing app server B while requests flow through Varnish loses none of them.

Exit code 0 when every check passed. Timings are printed for docs/deployment.md.
"""

import base64
import contextlib
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import boto3
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
HOST = "portal.test"
PG = os.environ.get("SCALETEST_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("SCALETEST_DB", "portal_scaletest")
PASSWORD = secrets.token_urlsafe(16)
TIMEOUT = 10

processes = []  # (name, Popen) started here; stopped in reverse order
results = []


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def check(name, ok, detail=""):
    results.append((name, ok))
    log(f"{'PASS' if ok else 'FAIL'}: {name}{' - ' + detail if detail else ''}")
    return ok


def wait_for(predicate, timeout, interval=0.1):
    """Poll until ``predicate()`` is truthy; return (value, seconds) or (None, t)."""
    start = time.monotonic()
    while True:
        try:
            value = predicate()
        except (requests.RequestException, OSError):
            value = None
        if value:
            return value, time.monotonic() - start
        if time.monotonic() - start > timeout:
            return None, time.monotonic() - start
        time.sleep(interval)


def psql(sql, database="postgres"):
    return subprocess.run(
        ["psql", f"{PG}/{database}", "-qAtc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def start(name, command, env, logdir, **kwargs):
    logfile = open(logdir / f"{name}.log", "w")  # noqa: SIM115 - closed at exit
    process = subprocess.Popen(  # noqa: S603 - fixed commands
        command,
        env=env,
        cwd=ROOT,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: kill it with its children
        **kwargs,
    )
    processes.append((name, process))
    return process


def kill_group(process, sig=signal.SIGTERM):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def stop_all():
    # SIGINT: gunicorn and the task worker shut down at once (SIGTERM would let
    # gunicorn wait for idle keep-alive connections).
    for _name, process in reversed(processes):
        kill_group(process, signal.SIGINT)
    for _name, process in reversed(processes):
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            kill_group(process, signal.SIGKILL)


def manage(env, *args, input_text=None):
    return subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        input=input_text,
    ).stdout


def render_vcl(target, backends):
    """deploy/varnish.vcl with its backend list replaced by ``backends``."""
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    blocks = "\n".join(
        f'backend {name} {{\n    .host = "127.0.0.1";\n    .port = "{port}";\n'
        "    .probe = portal_health;\n    .connect_timeout = 1s;\n"
        "    .first_byte_timeout = 60s;\n}"
        for name, port in backends
    )
    adds = "\n".join(f"    portal.add_backend({name});" for name, _port in backends)
    vcl = re.sub(
        r"# BACKENDS-BEGIN.*?# BACKENDS-END", blocks, vcl, count=1, flags=re.DOTALL
    )
    vcl = re.sub(
        r"# DIRECTOR-BEGIN.*?# DIRECTOR-END", adds, vcl, count=1, flags=re.DOTALL
    )
    target.write_text(vcl)


class Client:
    """A browser stand-in that keeps its cookies itself: production cookies are
    ``Secure``, and this test speaks plain HTTP on loopback."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, url, **kwargs):
        headers = {"Host": HOST, **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            url,
            headers=headers,
            allow_redirects=False,
            timeout=TIMEOUT,
            **kwargs,
        )
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, data, files=None, referer=None):
        token = self.cookies.get("csrftoken", "")
        return self.request(
            "POST",
            url,
            data={"csrfmiddlewaretoken": token, **data},
            files=files,
            headers={"Referer": referer or url, "X-CSRFToken": token},
        )


def anonymous_get(url, **kwargs):
    return requests.get(
        url, headers={"Host": HOST}, allow_redirects=False, timeout=TIMEOUT, **kwargs
    )


def image_signature(secret_key, image_id, filter_spec):
    # wagtail.images.utils.generate_signature
    digest = hmac.new(
        secret_key.encode(), f"{image_id}/{filter_spec}/".encode(), hashlib.sha1
    ).digest()
    return base64.urlsafe_b64encode(digest).decode()


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


FIXTURE = """
import json
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site
from home.models import HomePage, StandardPage
root = Page.get_first_root_node()
home = root.add_child(instance=HomePage(title="Skalierung", slug="skalierung-start"))
Site.objects.update_or_create(
    is_default_site=True,
    defaults={"hostname": "%(host)s", "port": 80, "root_page": home,
              "site_name": "Skalierungstest"},
)
page = home.add_child(instance=StandardPage(
    title="Skalierung", slug="skalierung", intro="scale-version-1"))
page.save_revision().publish()
get_user_model().objects.create_superuser("scaleadmin", "admin@%(host)s", "%(pw)s")
with translation.override("de"):
    reset = reverse("account_reset_password")
print(json.dumps({"page": page.pk, "url": page.url, "reset": reset}))
"""

DRAFT = """
from home.models import StandardPage
page = StandardPage.objects.get(pk=%(pk)d)
page.intro = "scale-version-2"
page.save_revision()
"""


def main():  # noqa: C901, PLR0915 - one linear scenario
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="portal-scaletest-"))
    workdir.chmod(0o755)  # varnishd reads the VCL as its own unprivileged user
    logdir = workdir / "logs"
    logdir.mkdir()
    mail_dir = workdir / "mail"
    port_a, port_b, port_cache, port_s3, port_redis = (free_port() for _ in range(5))
    secret_key = secrets.token_urlsafe(64)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": f"redis://127.0.0.1:{port_redis}/0",
        "SECURE_SSL_REDIRECT": "false",
        "STAFF_2FA_REQUIRED": "false",
        "FRONTEND_CACHE_URLS": f"http://127.0.0.1:{port_cache}",
        "TRUSTED_PROXY_COUNT": "1",
        "S3_BUCKET": "portal-media",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{port_s3}",
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "scaletest",
        "S3_SECRET_ACCESS_KEY": "scaletest",
        "S3_URL_PROTOCOL": "http:",
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESSLOG": "",
    }
    try:
        log(f"database {DB_NAME}, work folder {workdir}")
        psql(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        psql(f'CREATE DATABASE "{DB_NAME}"')

        start(
            "redis",
            [
                "redis-server",
                "--port",
                str(port_redis),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            env,
            logdir,
        )
        start("s3", [str(BIN / "moto_server"), "-p", str(port_s3)], env, logdir)
        # collectstatic (compressing every file) runs while the database migrates.
        static = subprocess.Popen(  # noqa: S603
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        manage(env, "migrate", "--noinput", "-v0")
        if static.wait() != 0:
            raise RuntimeError("collectstatic failed")
        fixture = json.loads(
            manage(env, "shell", "-c", FIXTURE % {"host": HOST, "pw": PASSWORD})
            .strip()
            .splitlines()[-1]
        )
        log(f"set up in {time.monotonic() - started:.0f} s")

        s3 = boto3.client(
            "s3",
            endpoint_url=env["S3_ENDPOINT_URL"],
            aws_access_key_id="scaletest",
            aws_secret_access_key="scaletest",  # noqa: S106 - moto test server
            region_name="us-east-1",
        )
        wait_for(lambda: s3.list_buckets() is not None, 20)
        s3.create_bucket(Bucket="portal-media")

        servers = {}
        for name, port in (("A", port_a), ("B", port_b)):
            servers[name] = start(
                f"web-{name}",
                [
                    str(BIN / "gunicorn"),
                    "--config",
                    "deploy/gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                env,
                logdir,
            )
        start(
            "worker",
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
            env,
            logdir,
        )
        vcl = workdir / "portal.vcl"
        render_vcl(vcl, [("app_a", port_a), ("app_b", port_b)])
        start(
            "varnish",
            [
                "varnishd",
                "-F",
                "-n",
                str(workdir / "varnish"),
                "-a",
                f"127.0.0.1:{port_cache}",
                "-T",
                f"127.0.0.1:{free_port()}",
                "-f",
                str(vcl),
                "-s",
                "malloc,64m",
            ],
            env,
            logdir,
        )
        a = f"http://127.0.0.1:{port_a}"
        b = f"http://127.0.0.1:{port_b}"
        cache = f"http://127.0.0.1:{port_cache}"
        for base in (a, b, cache):
            ok, _ = wait_for(
                lambda base=base: anonymous_get(f"{base}/readyz").status_code == 200,
                60,
                0.3,
            )
            if not ok:
                raise RuntimeError(f"{base} did not become ready; logs in {logdir}")
        log(f"all services up after {time.monotonic() - started:.0f} s")

        # --- 1. publish on A: A, B and Varnish serve the new version -------------
        path = fixture["url"]
        for base in (a, b, cache, cache):  # warm every cache with version 1
            anonymous_get(f"{base}{path}")
        warm = anonymous_get(f"{cache}{path}")
        check(
            "Varnish caches the page",
            warm.headers.get("X-Cache") == "hit" and "scale-version-1" in warm.text,
            f"X-Cache: {warm.headers.get('X-Cache')}",
        )
        manage(env, "shell", "-c", DRAFT % {"pk": fixture["page"]})

        admin = Client()
        login_page = admin.get(f"{a}/admin/login/")
        response = admin.post(
            f"{a}/admin/login/",
            {"username": "scaleadmin", "password": PASSWORD, "next": "/admin/"},
        )
        check(
            "admin login on A",
            response.status_code == 302 and "sessionid" in admin.cookies,
            f"{login_page.status_code} -> {response.status_code}",
        )
        # --- 2. the session from A works on B ------------------------------------
        dashboard = admin.get(f"{b}/admin/")
        check(
            "session from A works on B",
            dashboard.status_code == 200 and "scaleadmin" in dashboard.text,
            f"B /admin/ -> {dashboard.status_code}",
        )

        bulk = f"{a}/admin/bulk/wagtailcore/page/publish/?id={fixture['page']}"
        admin.get(bulk)
        published_at = time.monotonic()
        response = admin.post(bulk, {"include_descendants": ""})
        check("publish through A's admin", response.status_code == 302)
        for name, base in (("A", a), ("B", b)):
            text = anonymous_get(f"{base}{path}").text
            check(
                f"server {name} serves the new version at once",
                "scale-version-2" in text,
            )
        seen, _ = wait_for(
            lambda: "scale-version-2" in anonymous_get(f"{cache}{path}").text, 15
        )
        check(
            "Varnish serves the new version after the purge",
            bool(seen),
            f"{time.monotonic() - published_at:.2f} s after publishing",
        )

        # --- 3. an image uploaded through A is served by B --------------------------
        form = admin.get(f"{a}/admin/images/add/")
        response = admin.post(
            f"{a}/admin/images/add/",
            {
                "title": "Skalierungsbild",
                "collection": "1",
                "alt_text": "Blaue Fläche",
                "credit": "Test",
                "licence": "cc-zero",
            },
            files={"file": ("blau.png", png_bytes(), "image/png")},
        )
        check(
            "image upload through A",
            form.status_code == 200 and response.status_code == 302,
            f"-> {response.status_code}",
        )
        image_id = int(psql("SELECT max(id) FROM portal_portalimage", DB_NAME) or 0)
        keys = [
            item["Key"]
            for item in s3.list_objects_v2(Bucket="portal-media").get("Contents", [])
        ]
        check(
            "original image stored in S3",
            any(key.startswith("original_images/") for key in keys),
            ", ".join(keys),
        )
        spec = "width-120"
        signature = image_signature(secret_key, image_id, spec)
        rendition = anonymous_get(f"{b}/images/{signature}/{image_id}/{spec}/")
        check(
            "B renders and serves the image uploaded through A",
            rendition.status_code == 200
            and rendition.headers.get("Content-Type", "").startswith("image/"),
            f"{rendition.status_code} {rendition.headers.get('Content-Type')}",
        )

        # --- 4. tasks enqueued by A are done by the worker --------------------------
        visitor = Client()
        reset_url = f"{a}{fixture['reset']}"
        visitor.get(reset_url)
        response = visitor.post(reset_url, {"email": f"admin@{HOST}"})
        check("password reset requested on A", response.status_code == 302)

        def all_done():
            rows = psql(
                "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
                "GROUP BY status",
                DB_NAME,
            )
            counts = dict(line.split("|") for line in rows.splitlines())
            if set(counts) == {"SUCCESSFUL"} and any(mail_dir.glob("*.log")):
                return counts
            return None

        done, waited = wait_for(all_done, 20, 0.2)
        statuses = psql(
            "SELECT task_path, status FROM django_tasks_database_dbtaskresult "
            "ORDER BY enqueued_at",
            DB_NAME,
        )
        check(
            "tasks from A done by the worker (index, purge, e-mail)",
            bool(done) and "deliver_email" in statuses,
            f"{done} after {waited:.1f} s",
        )

        # --- 5. killing server B loses no request the proxy can retry ---------------
        failures = []
        answered = []
        stop_at = time.monotonic() + 8

        def load():
            number = 0
            while time.monotonic() < stop_at:
                number += 1
                url = f"{cache}{path}?n={threading.get_ident()}-{number}"
                try:
                    response = anonymous_get(url)
                    (answered if response.status_code == 200 else failures).append(
                        response.status_code
                    )
                except requests.RequestException as error:
                    failures.append(repr(error))

        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        kill_group(servers["B"], signal.SIGKILL)
        log("server B killed (SIGKILL)")
        for thread in threads:
            thread.join()
        check(
            "no request lost while B dies",
            not failures and len(answered) > 20,
            f"{len(answered)} answered, {len(failures)} failed {failures[:3]}",
        )
    except Exception as error:  # noqa: BLE001 - report, clean up, fail
        check("scenario ran to the end", False, repr(error))
    finally:
        stop_all()
        try:
            psql(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        except subprocess.CalledProcessError as error:
            log(f"could not drop {DB_NAME}: {error.stderr}")
        failed = [name for name, ok in results if not ok]
        if failed and os.environ.get("SCALETEST_KEEP_LOGS", "1") != "0":
            log(f"logs kept in {logdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        passed = len(results) - len(failed)
        log(f"finished in {time.monotonic() - started:.0f} s")
        print(f"scaletest: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
