"""A small OParl 1.1 endpoint on loopback (real HTTP) with fixtures the tests change."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

T = "https://schema.oparl.org/1.1/"


class OParlServer:
    def __init__(self):
        self.routes = {}  # "path?query-without-modified_since" -> (status, bytes)
        self.requests = []  # (path, query dict)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                params = dict(parse_qsl(parts.query))
                server.requests.append((parts.path, params))
                rest = "&".join(
                    f"{k}={v}" for k, v in params.items() if k != "modified_since"
                )
                key = parts.path + (f"?{rest}" if rest else "")
                if "modified_since" in params and key + "#incremental" in server.routes:
                    key += "#incremental"
                status, body = server.routes.get(key, (404, b"{}"))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_port}/oparl/"
        # stop() waits for the loop's next poll: 0.05 s, not the default 0.5 s
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path):
        return self.base + path

    def set(self, path, data, status=200):
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        self.routes["/oparl/" + path] = (status, body)

    def paths(self):
        return [
            path.removeprefix("/oparl/") + ("?page=2" if params.get("page") else "")
            for path, params in self.requests
        ]

    # --- fixtures ---------------------------------------------------------------------
    def page(self, items, next_path=None):
        data = {"data": items, "links": {}}
        if next_path:
            data["links"]["next"] = self.url(next_path)
        return data

    def install_default(self):
        """System → one body → organisations, persons, meetings (2 pages), papers."""
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        soon = (now + datetime.timedelta(days=10)).isoformat()
        later = (now + datetime.timedelta(days=40)).isoformat()
        past = (now - datetime.timedelta(days=20)).isoformat()
        u = self.url
        self.set(
            "system", {"id": u("system"), "type": T + "System", "body": u("bodies")}
        )
        self.set(
            "bodies",
            self.page(
                [
                    {
                        "id": u("body/1"),
                        "type": T + "Body",
                        "name": "Gemeinde Testdorf",
                        "organization": u("body/1/organizations"),
                        "person": u("body/1/people"),
                        "meeting": u("body/1/meetings"),
                        "paper": u("body/1/papers"),
                    }
                ]
            ),
        )
        self.set(
            "body/1/organizations",
            self.page(
                [
                    {
                        "id": u("org/1"),
                        "type": T + "Organization",
                        "name": "Gemeindevertretung Testdorf",
                    },
                    # Only the required fields.
                    {"id": u("org/2"), "type": T + "Organization"},
                ]
            ),
        )
        self.set(
            "body/1/people",
            self.page(
                [
                    {
                        "id": u("person/1"),
                        "type": T + "Person",
                        "name": "Erika Muster",
                        "familyName": "Muster",
                        "givenName": "Erika",
                        "membership": [
                            {
                                "id": u("membership/1"),
                                "type": T + "Membership",
                                "organization": u("org/1"),
                                "role": "Vorsitzende",
                                "votingRight": True,
                            }
                        ],
                    }
                ]
            ),
        )
        self.set(
            "body/1/meetings",
            self.page(
                [
                    self.meeting(1, "Sitzung im Frühjahr", past, items=2),
                    self.meeting(2, "Nächste Sitzung", soon, items=2),
                ],
                next_path="body/1/meetings?page=2",
            ),
        )
        self.set(
            "body/1/meetings?page=2",
            self.page([self.meeting(3, "Übernächste Sitzung", later, items=1)]),
        )
        self.set(
            "body/1/papers",
            self.page(
                [
                    {
                        "id": u("paper/1"),
                        "type": T + "Paper",
                        "name": "Neubau des Spielplatzes",
                        "reference": "BV/1/2026",
                        "date": "2026-10-01",
                        "web": "https://ris.example/vorlage/1",
                        "mainFile": self.file(1),
                        "consultation": [
                            {
                                "id": u("consultation/1"),
                                "type": T + "Consultation",
                                "agendaItem": u("meeting/2/item/1"),
                            }
                        ],
                    },
                    {"id": u("paper/2"), "type": T + "Paper", "name": "Ohne Datum"},
                ]
            ),
        )

    def meeting(self, number, name, start, items=0, **extra):
        u = self.url
        data = {
            "id": u(f"meeting/{number}"),
            "type": T + "Meeting",
            "name": name,
            "start": start,
            "organization": [u("org/1")],
            "location": {"description": "Gemeindehaus"},
            "web": f"https://ris.example/sitzung/{number}",
            "invitation": self.file(100 + number),
            "agendaItem": [
                {
                    "id": u(f"meeting/{number}/item/{i}"),
                    "type": T + "AgendaItem",
                    "number": str(i),
                    "name": f"Tagesordnungspunkt {i}",
                    "order": i,
                }
                for i in range(1, items + 1)
            ],
        }
        data.update(extra)
        return data

    def file(self, number):
        return {
            "id": self.url(f"file/{number}"),
            "type": T + "File",
            "name": f"Dokument {number}",
            "accessUrl": f"https://ris.example/dokument/{number}.pdf",
            "mimeType": "application/pdf",
        }
