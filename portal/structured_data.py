"""Small schema.org helpers shared by page types."""

from wagtail.models import Site

from portal.models import PortalSettings


def image_json_ld(image, request=None, filter_spec="width-1200"):
    """An ``ImageObject`` that names the creator and the licence of the image."""
    if image is None:
        return None
    rendition = image.get_rendition(filter_spec)
    url = rendition.url
    if request is not None and url.startswith("/"):
        url = request.build_absolute_uri(url)
    data = {
        "@type": "ImageObject",
        "contentUrl": url,
        "name": image.title,
        "description": image.default_alt_text,
    }
    if image.credit:
        data["creditText"] = image.credit
        data["creator"] = {"@type": "Organization", "name": image.credit}
    if image.licence_url:
        data["license"] = image.licence_url
    return data


def first_image_json_ld(request, *images):
    """``image`` for schema.org (a list, as search engines expect) from the first
    of ``images`` that is set, else the portal's logo from its settings; ``None``
    when there is none at all."""
    image = next((image for image in images if image is not None), None)
    if image is None and request is not None:
        site = Site.find_for_request(request)
        if site is not None:
            image = PortalSettings.for_site(site).logo
    return [image_json_ld(image, request)] if image is not None else None
