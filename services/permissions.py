"""Who may see which application.

Applicants see their own; staff with ``services.process_application`` see the
applications of the departments (Django groups) they belong to; superusers all.
Drafts are the applicant's alone.
"""

from services.models import Application, Status


def staff_applications(user):
    if not user.is_authenticated or not user.has_perm("services.process_application"):
        return Application.objects.none()
    queryset = Application.objects.exclude(status=Status.DRAFT)
    if user.is_superuser:
        return queryset
    return queryset.filter(department__in=user.groups.all())


def user_can_view(user, application):
    if not user.is_authenticated:
        return False
    if application.applicant_id == user.pk:
        return True
    return staff_applications(user).filter(pk=application.pk).exists()
