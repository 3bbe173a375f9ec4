"""A small fake XBezahldienste payment service for the tests.

It runs in a thread on loopback and speaks real HTTP: OAuth2 client
credentials, create a transaction (idempotent ``requestId``), status by GET,
problem+json errors. Tests steer it: the status a transaction reports, a delay,
or an error answer for the next request.
"""

import json
import threading
import time
import uuid
from base64 import b64decode
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENT_ID = "portal-test"
CLIENT_SECRET = "secret-for-tests"  # noqa: S105
ORIGINATOR = "amt-test"
ENDPOINT = "13076027"


class FakeState:
    def __init__(self):
        self.lock = threading.Lock()
        self.transactions = {}  # transactionId -> dict
        self.by_request_id = {}
        self.tokens = set()
        self.requests = []  # (method, path)
        self.delay = 0.0
        self.fail_next = None  # (status, errorCode) for the next API call
        self.token_requests = 0

    def set_status(self, transaction_id, status, reference="KZ-2026-000001"):
        with self.lock:
            transaction = self.transactions[transaction_id]
            transaction["status"] = status
            if status == "PAYED":
                transaction["transactionReference"] = reference
                transaction["paymentMethod"] = "CREDITCARD"

    def only(self):
        (transaction,) = self.transactions.values()
        return transaction


def problem(handler, status, code, detail=""):
    body = json.dumps(
        {
            "type": f"https://xbezahldienste.example/problems/{code}",
            "title": code,
            "status": status,
            "detail": detail or code,
        }
    ).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/problem+json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def answer(handler, status, data):
    body = json.dumps(data, default=str).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class Handler(BaseHTTPRequestHandler):
    state: FakeState = None
    base = ""

    def log_message(self, *args):
        pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode() if length else ""

    def _authorised(self):
        header = self.headers.get("Authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.state.tokens

    def _prelude(self):
        state = self.state
        state.requests.append((self.command, self.path))
        if state.delay:
            time.sleep(state.delay)
        if state.fail_next and not self.path.startswith("/oauth"):
            status, code = state.fail_next
            state.fail_next = None
            problem(self, status, code)
            return False
        return True

    def do_POST(self):  # noqa: N802
        body = self._body()
        if self.path == "/oauth/token":
            return self._token(body)
        if not self._prelude():
            return None
        if not self._authorised():
            return problem(self, 401, "UNAUTHORIZED")
        prefix = f"/paymenttransaction/{ORIGINATOR}/{ENDPOINT}"
        if self.path != prefix:
            return problem(self, 404, "NOT_FOUND")
        request = json.loads(body, parse_float=Decimal)
        return self._create(request)

    def do_GET(self):  # noqa: N802
        if not self._prelude():
            return None
        if not self._authorised():
            return problem(self, 401, "UNAUTHORIZED")
        prefix = f"/paymenttransaction/{ORIGINATOR}/{ENDPOINT}/"
        transaction_id = self.path.removeprefix(prefix)
        transaction = self.state.transactions.get(transaction_id)
        if not self.path.startswith(prefix) or transaction is None:
            return problem(self, 404, "NOT_FOUND")
        return answer(self, 200, transaction)

    def _token(self, body):
        self.state.token_requests += 1
        auth = self.headers.get("Authorization", "")
        expected = f"{CLIENT_ID}:{CLIENT_SECRET}"
        if (
            not auth.startswith("Basic ")
            or b64decode(auth[6:]).decode() != expected
            or "grant_type=client_credentials" not in body
        ):
            return problem(self, 401, "INVALID_CLIENT")
        token = uuid.uuid4().hex
        self.state.tokens.add(token)
        return answer(
            self,
            200,
            {"access_token": token, "token_type": "Bearer", "expires_in": 300},
        )

    def _create(self, request):
        state = self.state
        request_id = str(request.get("requestId", ""))
        purpose = str(request.get("purpose", ""))
        items = request.get("items") or []
        if (
            not request_id
            or len(request_id) > 36
            or len(purpose) > 27
            or request.get("currency") != "EUR"
            or not request.get("redirectUrl")
            or not items
        ):
            return problem(self, 400, "VALIDATION_ERROR")
        total = sum(Decimal(str(item["grossAmount"])) for item in items)
        if total != Decimal(str(request["grossAmount"])):
            return problem(self, 400, "CALCULATION_ERROR")
        with state.lock:
            if request_id in state.by_request_id:
                return problem(self, 409, "PAYMENT_EXISTS")
            transaction_id = uuid.uuid4().hex
            transaction = {
                "transactionId": transaction_id,
                "transactionUrl": f"{self.base}{self.path}/{transaction_id}",
                "transactionRedirectUrl": f"{self.base}/paypage/{transaction_id}",
                "status": "INITIAL",
                "grossAmount": request["grossAmount"],
                "paymentRequest": request,
            }
            state.transactions[transaction_id] = transaction
            state.by_request_id[request_id] = transaction_id
        return answer(self, 201, transaction)


class FakeXBezahldienste:
    """Context manager: ``with FakeXBezahldienste() as fake: fake.settings()``."""

    def __init__(self):
        self.state = FakeState()

    def __enter__(self):
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        host, port = self.server.server_address
        self.url = f"http://{host}:{port}"
        handler.base = self.url
        # shutdown() waits for the loop's next poll: 0.05 s, not the default 0.5 s
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def variant_settings(self, timeout=2):
        return {
            "dummy": ("payments.dummy.DummyProvider", {}),
            "xbezahldienste": (
                "services.xbezahldienste.XBezahldiensteProvider",
                {
                    "base_url": self.url,
                    "token_url": f"{self.url}/oauth/token",
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "originator_id": ORIGINATOR,
                    "endpoint_id": ENDPOINT,
                    "timeout": timeout,
                },
            ),
        }
