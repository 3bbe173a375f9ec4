"""The portal's private storage and the deletion of stored files.

Private uploads (applicants' files, consultation attachments) live outside
``MEDIA_ROOT`` under ``SERVICES_PRIVATE_ROOT``: nginx never serves them, only
permission-checked views do (``docs/security.md``).

A file is deleted from its storage when the row that holds it is deleted (also
through a cascade: account deletion, a replaced attachment, retention), once the
transaction commits, so that a rolled-back delete keeps the file.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import FileResponse

from portal.uploads import content_type_for


def private_storage():
    """A callable, so that migrations refer to it instead of one machine's path."""
    return FileSystemStorage(location=settings.SERVICES_PRIVATE_ROOT)


def delete_file_with_row(model, field_name):
    """Delete the file of ``model.field_name`` with each deleted row."""

    def delete_file(sender, instance, **kwargs):
        field_file = getattr(instance, field_name)
        if not field_file or not field_file.name:
            return
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))

    post_delete.connect(
        delete_file,
        sender=model,
        weak=False,
        dispatch_uid=f"delete_file_{model._meta.label_lower}_{field_name}",
    )


def private_file_response(field_file, filename, inline=False):
    """A download of a private file: never cached by a shared cache, the type
    from the stored extension, which ``portal.uploads.check_content`` matched
    against the decoded content at upload (never the type the browser sent).
    Always an attachment, except an image asked for ``inline`` (shown in a page)."""
    content_type = content_type_for(field_file.name)
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=not (inline and content_type.startswith("image/")),
        filename=filename,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
