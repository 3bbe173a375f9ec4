"""System checks of the services app."""

from django.conf import settings
from django.core.checks import Error, register

DUMMY_PROVIDER = "payments.dummy.DummyProvider"


@register()
def dummy_payment_only_where_allowed(app_configs, **kwargs):
    """The test payment provider lets anyone mark a fee as paid: where it is not
    allowed (production settings), it must be neither selected nor configured."""
    if getattr(settings, "SERVICES_DUMMY_PAYMENT_ALLOWED", False):
        return []
    dummies = [
        name
        for name, (provider, _options) in settings.PAYMENT_VARIANTS.items()
        if name == "dummy" or provider == DUMMY_PROVIDER
    ]
    errors = []
    if dummies or settings.SERVICES_PAYMENT_VARIANT in dummies + ["dummy"]:
        errors.append(
            Error(
                "The test payment provider is configured "
                f"(PAYMENT_VARIANTS: {', '.join(dummies) or '-'}, "
                f"SERVICES_PAYMENT_VARIANT: {settings.SERVICES_PAYMENT_VARIANT}).",
                hint="Remove it; use the XBezahldienste provider.",
                id="services.E001",
            )
        )
    return errors
