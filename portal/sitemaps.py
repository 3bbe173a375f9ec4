from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    """Wagtail's sitemap, extended to every translation of the site's root page.

    With wagtail-localize each language has its own page tree, and Wagtail's
    default sitemap lists only the tree the site points at.
    """

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        pages = Page.objects.none()
        for translated_root in roots:
            pages |= translated_root.get_descendants(inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()
