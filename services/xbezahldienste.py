"""A django-payments provider for XBezahldienste (FITKO payment standard).

The flow: an OAuth2 client-credentials token; ``POST
/paymenttransaction/{originatorId}/{endPointId}`` with a PaymentRequest (the
payment's token is the idempotent ``requestId``); the applicant is sent to the
``transactionRedirectUrl``; the result is **polled** with ``GET
.../{transactionId}`` — returning from the pay page proves nothing. Errors come
as ``application/problem+json``.
"""

import json
import logging
from decimal import Decimal

import requests
from django.core.cache import cache
from django.http import HttpResponseRedirect
from payments import PaymentError, PaymentStatus, RedirectNeeded
from payments.core import BasicProvider, get_base_url

logger = logging.getLogger(__name__)

# XBezahldienste status -> django-payments status
STATUS_MAP = {
    "INITIAL": PaymentStatus.WAITING,
    "PAYED": PaymentStatus.CONFIRMED,
    "FAILED": PaymentStatus.REJECTED,
    "CANCELED": PaymentStatus.CANCELLED,
}
FINAL_STATUSES = {
    PaymentStatus.CONFIRMED,
    PaymentStatus.REJECTED,
    PaymentStatus.CANCELLED,
    PaymentStatus.ERROR,
    PaymentStatus.REFUNDED,
}


class XBezahldiensteError(PaymentError):
    """The payment service refused or could not be reached."""


def _purpose(text):
    cleaned = "".join(char if char.isalnum() or char in " -" else " " for char in text)
    return " ".join(cleaned.split())[:27] or "Gebuehr"


def _description(text):
    allowed = " -,."
    cleaned = "".join(
        char if char.isalnum() or char in allowed else " " for char in text
    )
    return " ".join(cleaned.split())[:250]


class XBezahldiensteProvider(BasicProvider):
    def __init__(
        self,
        base_url="",
        token_url="",
        client_id="",
        client_secret="",
        originator_id="",
        endpoint_id="",
        scope="",
        timeout=10,
        **kwargs,
    ):
        super().__init__(capture=True)
        self.base_url = base_url.rstrip("/")
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.originator_id = originator_id
        self.endpoint_id = endpoint_id
        self.scope = scope
        self.timeout = timeout

    # --- HTTP ---------------------------------------------------------------------
    def _token_cache_key(self):
        return f"xbezahldienste-token:{self.token_url}:{self.client_id}"

    def _token(self, renew=False):
        key = self._token_cache_key()
        token = None if renew else cache.get(key)
        if token:
            return token
        data = {"grant_type": "client_credentials"}
        if self.scope:
            data["scope"] = self.scope
        try:
            response = requests.post(
                self.token_url,
                data=data,
                auth=(self.client_id, self.client_secret),
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise XBezahldiensteError(
                f"token request failed: {error}", code="UNREACHABLE"
            ) from error
        if response.status_code != 200:
            raise XBezahldiensteError(
                "token request refused", code=response.status_code
            )
        answer = response.json()
        token = answer["access_token"]
        lifetime = max(int(answer.get("expires_in", 300)) - 30, 1)
        cache.set(key, token, lifetime)
        return token

    def _url(self, *parts):
        return "/".join(
            [self.base_url, "paymenttransaction", self.originator_id, self.endpoint_id]
            + list(parts)
        )

    def _request(self, method, url, body=None):
        for attempt in (0, 1):
            headers = {
                "Authorization": f"Bearer {self._token(renew=attempt == 1)}",
                "Accept": "application/json, application/problem+json",
            }
            if body is not None:
                headers["Content-Type"] = "application/json"
            try:
                response = requests.request(
                    method,
                    url,
                    data=json.dumps(body, default=float) if body is not None else None,
                    headers=headers,
                    timeout=self.timeout,
                )
            except requests.Timeout as error:
                raise XBezahldiensteError("timeout", code="TIMEOUT") from error
            except requests.RequestException as error:
                raise XBezahldiensteError("unreachable", code="UNREACHABLE") from error
            if response.status_code == 401 and attempt == 0:
                continue  # expired token: fetch a new one once
            break
        if response.status_code >= 400:
            raise XBezahldiensteError(
                self._problem_detail(response),
                code=self._problem_code(response),
                gateway_message=response.text[:1000],
            )
        try:
            return json.loads(response.text, parse_float=Decimal)
        except ValueError as error:
            raise XBezahldiensteError("invalid answer", code="INVALID") from error

    @staticmethod
    def _problem(response):
        try:
            return response.json()
        except ValueError:
            return {}

    def _problem_code(self, response):
        problem = self._problem(response)
        code = problem.get("errorCode") or problem.get("title") or ""
        if not code and problem.get("type"):
            code = problem["type"].rstrip("/").rsplit("/", 1)[-1]
        return code or response.status_code

    def _problem_detail(self, response):
        problem = self._problem(response)
        return (
            problem.get("detail")
            or problem.get("title")
            or f"HTTP {response.status_code}"
        )

    # --- payment flow -------------------------------------------------------------------
    def payment_request(self, payment):
        application = payment.application
        items = [
            {
                "id": str(index),
                "reference": str(application.service_id or "service")[:36],
                "description": _description(item.name)[:100],
                "quantity": item.quantity,
                "singlePrice": item.price,
                "grossAmount": item.price * item.quantity,
            }
            for index, item in enumerate(payment.get_purchased_items(), start=1)
        ]
        purpose = (
            getattr(application.service, "fee_purpose", "") or application.reference
        )
        return {
            "requestId": payment.token,
            "requestTimestamp": payment.created.isoformat(),
            "currency": "EUR",
            "grossAmount": payment.total,
            "purpose": _purpose(purpose),
            "description": _description(application.service_title),
            "redirectUrl": get_base_url() + payment.get_process_url(),
            "items": items,
        }

    def create_transaction(self, payment):
        answer = self._request("POST", self._url(), self.payment_request(payment))
        payment.transaction_id = answer["transactionId"]
        payment.extra_data = json.dumps(
            {
                "transactionUrl": answer.get("transactionUrl", ""),
                "transactionRedirectUrl": answer["transactionRedirectUrl"],
            }
        )
        payment.save(update_fields=["transaction_id", "extra_data"])
        return answer

    def redirect_url(self, payment):
        return json.loads(payment.extra_data or "{}").get("transactionRedirectUrl", "")

    def get_form(self, payment, data=None):
        if payment.status in FINAL_STATUSES:
            raise XBezahldiensteError("payment finished", code="FINISHED")
        if not payment.transaction_id:
            self.create_transaction(payment)
        raise RedirectNeeded(self.redirect_url(payment))

    def refresh_status(self, payment):
        """Ask the payment service for the true state and record it."""
        if not payment.transaction_id or payment.status in FINAL_STATUSES:
            return payment.status
        answer = self._request("GET", self._url(payment.transaction_id))
        new_status = STATUS_MAP.get(answer.get("status"))
        if new_status is None:
            raise XBezahldiensteError("unknown status", code="INVALID")
        gross = answer.get("grossAmount")
        if (
            new_status == PaymentStatus.CONFIRMED
            and gross is not None
            and Decimal(str(gross)) != payment.total
        ):
            logger.error("payment %s: amount differs from the fee", payment.token)
            new_status = PaymentStatus.ERROR
        if new_status == PaymentStatus.CONFIRMED:
            payment.transaction_reference = str(
                answer.get("transactionReference") or ""
            )[:64]
            payment.captured_amount = payment.total
            payment.save(update_fields=["transaction_reference", "captured_amount"])
        if new_status != payment.status:
            payment.change_status(new_status, answer.get("paymentMethod") or "")
        return payment.status

    def process_data(self, payment, request):
        # The applicant came back from the pay page: poll, never trust the URL.
        try:
            self.refresh_status(payment)
        except XBezahldiensteError:
            logger.warning("payment %s: status not available", payment.token)
        if payment.status == PaymentStatus.CONFIRMED:
            return HttpResponseRedirect(payment.get_success_url())
        return HttpResponseRedirect(payment.get_failure_url())

    def capture(self, payment, amount=None):
        raise XBezahldiensteError("not supported")

    def release(self, payment):
        raise XBezahldiensteError("not supported")

    def refund(self, payment, amount=None):
        # Refunds are carried out by the cash office and recorded in the portal.
        raise XBezahldiensteError("refunds are made by the cash office")
