"""Models of the services app, one module per family, re-exported here."""

from .applications import (
    TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationFile,
    Refund,
    Status,
)
from .pages import (
    FeeMode,
    ServiceFormField,
    ServiceIndexPage,
    ServicePage,
    ServiceTopicPage,
)
from .payments import Payment

__all__ = [
    "TRANSITIONS",
    "Application",
    "ApplicationEvent",
    "ApplicationFile",
    "FeeMode",
    "Payment",
    "Refund",
    "ServiceFormField",
    "ServiceIndexPage",
    "ServicePage",
    "ServiceTopicPage",
    "Status",
]
