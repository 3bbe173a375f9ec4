"""Helpers for tests: walking the public pages of the demo."""

from html.parser import HTMLParser
from urllib.parse import urlparse

from wagtail.models import Page

# Attributes that make the browser fetch something (as opposed to <a href>).
FETCHING = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "srcset"),
    ("source", "src"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}


class _ResourceCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in FETCHING and value:
                if tag == "link" and dict(attrs).get("rel") in {
                    "alternate",
                    "canonical",
                }:
                    continue
                for part in value.split(","):
                    self.urls.append(part.strip().split(" ")[0])


def fetched_hosts(html, own_host="testserver"):
    """Hosts other than our own that a page makes the browser contact."""
    collector = _ResourceCollector()
    collector.feed(html)
    hosts = set()
    for url in collector.urls:
        parsed = urlparse(url)
        is_absolute = parsed.scheme in {"http", "https"} or url.startswith("//")
        if is_absolute and parsed.hostname not in {own_host, "localhost"}:
            hosts.add(parsed.hostname)
    return hosts


def public_page_urls():
    """URL of every live, public page of the demo (all languages)."""
    return [
        page.get_url()
        for page in Page.objects.live().public().filter(depth__gt=1).specific()
    ]
