"""Consultation attachments move from public media to the private storage
(issue #19, finding 6): the files already uploaded are moved, keeping their
names, and removed from ``MEDIA_ROOT``."""

from django.core.files.storage import default_storage
from django.db import migrations, models

import consultations.models.participation
import portal.storage


def move_to_private(apps, schema_editor):
    Attachment = apps.get_model("consultations", "Attachment")
    private = portal.storage.private_storage()
    for name in Attachment.objects.values_list("file", flat=True).iterator():
        if not name or not default_storage.exists(name) or private.exists(name):
            continue
        with default_storage.open(name, "rb") as source:
            stored = private.save(name, source)
        if stored != name:  # cannot happen (checked above); keep the row right
            Attachment.objects.filter(file=name).update(file=stored)
        default_storage.delete(name)


def move_to_public(apps, schema_editor):
    Attachment = apps.get_model("consultations", "Attachment")
    private = portal.storage.private_storage()
    for name in Attachment.objects.values_list("file", flat=True).iterator():
        if not name or not private.exists(name) or default_storage.exists(name):
            continue
        with private.open(name, "rb") as source:
            default_storage.save(name, source)
        private.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_proposals"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=models.FileField(
                storage=portal.storage.private_storage,
                upload_to=consultations.models.participation.attachment_path,
            ),
        ),
        migrations.RunPython(move_to_private, move_to_public),
    ]
