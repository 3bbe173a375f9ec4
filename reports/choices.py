"""Enums of the reports app (models, forms and views import them from here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("received")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    FORWARDED = "forwarded", _("not our responsibility (forwarded)")
    REJECTED = "rejected", _("rejected")


OPEN_STATUSES = [Status.RECEIVED, Status.IN_PROGRESS]
CLOSED_STATUSES = [Status.DONE, Status.FORWARDED, Status.REJECTED]

# Traffic light of the public pages: red = open, amber = in progress, green = closed.
TRAFFIC_LIGHT = {
    Status.RECEIVED: "red",
    Status.IN_PROGRESS: "amber",
    Status.DONE: "green",
    Status.FORWARDED: "green",
    Status.REJECTED: "grey",
}


class Moderation(models.TextChoices):
    PENDING = "pending", _("waiting for release")
    RELEASED = "released", _("released")
    HIDDEN = "hidden", _("not published")


class EventKind(models.TextChoices):
    CREATED = "created", _("report received")
    CONFIRMED = "confirmed", _("e-mail address confirmed")
    RELEASED = "released", _("released for the public")
    HIDDEN = "hidden", _("withdrawn from the public")
    STATUS = "status", _("status changed")
    ANSWER = "answer", _("public answer")
    EDIT = "edit", _("public text edited")
    NOTE = "note", _("internal note")
    ASSIGN = "assign", _("assigned")
    MERGED = "merged", _("merged into another report")
    SUPPORT = "support", _('supported ("me too")')
