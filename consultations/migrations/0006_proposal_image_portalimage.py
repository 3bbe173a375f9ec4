"""Proposal.image pointed at ``wagtailimages.Image``, but the portal's image model
is ``portal.PortalImage`` (WAGTAILIMAGES_IMAGE_MODEL, #25).

The ids of the two tables are unrelated, so the foreign key cannot simply be
altered (PostgreSQL would refuse the constraint, SQLite would point at the wrong
images). The new field is added beside the old one, each linked image is carried
over (to the PortalImage with the same file, or a new PortalImage for that file,
with its title as alt text) and only then the old field is dropped, in 0007: PostgreSQL does not alter a
table with pending deferred constraint checks in the same transaction.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def carry_over(apps, schema_editor):
    Proposal = apps.get_model("consultations", "Proposal")
    PortalImage = apps.get_model("portal", "PortalImage")
    for proposal in Proposal.objects.filter(image__isnull=False).select_related(
        "image"
    ):
        old = proposal.image
        new = PortalImage.objects.filter(file=old.file.name).first()
        if new is None:
            new = PortalImage.objects.create(
                title=old.title,
                file=old.file.name,
                width=old.width,
                height=old.height,
                file_size=old.file_size,
                file_hash=old.file_hash,
                collection_id=old.collection_id,
                alt_text=old.title,
            )
        proposal.portal_image = new
        proposal.save(update_fields=["portal_image"])


def carry_back(apps, schema_editor):
    """Reversal keeps the link only where a wagtailimages.Image has the file."""
    Proposal = apps.get_model("consultations", "Proposal")
    Image = apps.get_model("wagtailimages", "Image")
    for proposal in Proposal.objects.filter(portal_image__isnull=False).select_related(
        "portal_image"
    ):
        old = Image.objects.filter(file=proposal.portal_image.file.name).first()
        if old is not None:
            proposal.image = old
            proposal.save(update_fields=["image"])
    if schema_editor.connection.vendor == "postgresql":
        # the next step drops a column of this table in the same transaction
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_tracked_items"),
        ("portal", "0003_four_eyes_approval_task"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.WAGTAILIMAGES_IMAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="portal_image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAILIMAGES_IMAGE_MODEL,
            ),
        ),
        migrations.RunPython(carry_over, carry_back),
    ]
