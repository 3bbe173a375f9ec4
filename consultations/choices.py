"""The consultation pages' choices (enums), apart from the models so that
every models module can use them without importing another (issue #23)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    OPEN = "open", _("Open")
    EVALUATION = "evaluation", _("Evaluation")
    RESULTS = "results", _("Results published")


class Participation(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    ACCOUNT = "account", _("Account holders")
    IDENTITY = "identity", _("Verified identity")
    RESIDENTS = "residents", _("Residents of given municipalities")


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Before publication (pre-moderation)")
    POST = "post", _("After publication (post-moderation)")


class Topic(models.TextChoices):
    PLANNING = "planning", _("Building and planning")
    TRAFFIC = "traffic", _("Traffic and mobility")
    ENVIRONMENT = "environment", _("Environment and climate")
    SOCIAL = "social", _("Families, schools and social affairs")
    BUDGET = "budget", _("Budget and finances")
    OTHER = "other", _("Other")
