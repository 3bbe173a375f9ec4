"""Small schema.org helpers shared by page types."""


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
