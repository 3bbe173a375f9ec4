"""Models of the home app, one module per concern (re-exported here)."""

from home.models.news import (
    AnnouncementIndexPage,
    AnnouncementKind,
    AnnouncementPage,
    AnnouncementStatus,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
)
from home.models.pages import (
    AccessibilityStatementPage,
    ComplianceStatus,
    HomePage,
    KnownBarrierBlock,
    SectionTeaserBlock,
    StandardPage,
)
from home.models.subscriptions import NewsletterDelivery, Subscription

__all__ = [
    "AccessibilityStatementPage",
    "AnnouncementIndexPage",
    "AnnouncementKind",
    "AnnouncementPage",
    "AnnouncementStatus",
    "ComplianceStatus",
    "HomePage",
    "KnownBarrierBlock",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "NewsletterDelivery",
    "SectionTeaserBlock",
    "StandardPage",
    "Subscription",
]
