"""Answers to needs and offers, following projects, and their e-mails."""

from portal.page_cache import forget_personal_parts

from .notifications import _send
from .project_models import ProjectFollow, ProjectResponse


def is_following(user, project):
    return project.is_followed_by(user)


def respond(item, user, message):
    """Store an "I can help" answer and tell the project contact."""
    response = ProjectResponse.objects.create(item=item, user=user, message=message)
    project = item.project
    _send(
        "project_response",
        {"project": project, "item": item, "response": response, "user": user},
        [project.contact_email],
    )
    return response


def set_following(user, project, follow):
    # The follow button is a per-visitor part, kept for a minute: drop it.
    forget_personal_parts(user)
    if follow:
        ProjectFollow.objects.get_or_create(user=user, project=project)
    else:
        ProjectFollow.objects.filter(
            user=user, project__translation_key=project.translation_key
        ).delete()


def notify_followers(project):
    users = [
        follow.user
        for follow in ProjectFollow.objects.filter(
            project__translation_key=project.translation_key
        ).select_related("user")
        if follow.user.is_active and follow.user.email
    ]
    for user in users:
        _send("project_updated", {"project": project}, [user.email])
