"""Demo: the self-signed demo signing certificate (never trusted outside a demo)."""

from documents import signing
from portal.models import PortalSettings


def load(demo):
    authority = PortalSettings.for_site(demo.site).authority_name
    if signing.configured():
        demo.log("    documents: signing certificate configured, no demo certificate")
        return
    folder = signing.ensure_demo_certificate(authority=authority)
    demo.log(
        f"    documents: demo signing certificate ({signing.DEMO_LABEL}) in {folder}"
    )
