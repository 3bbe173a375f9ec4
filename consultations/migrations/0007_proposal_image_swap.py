"""Second half of 0006: drop the old ``wagtailimages.Image`` link and give the
carried-over ``portal.PortalImage`` link its name (#25)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0006_proposal_image_portalimage"),
        migrations.swappable_dependency(settings.WAGTAILIMAGES_IMAGE_MODEL),
    ]

    operations = [
        migrations.RemoveField(model_name="proposal", name="image"),
        migrations.RenameField(
            model_name="proposal", old_name="portal_image", new_name="image"
        ),
        migrations.AlterField(
            model_name="proposal",
            name="image",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "Uploaded by the proposer; public only with the published "
                    "proposal."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAILIMAGES_IMAGE_MODEL,
                verbose_name="image",
            ),
        ),
    ]
