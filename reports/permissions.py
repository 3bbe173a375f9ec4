"""Who may see which report in the admin.

Staff with ``reports.process_report`` see the confirmed reports of the
departments (Django groups) they belong to; superusers see all. Internal notes
and reporter data are visible only this way.
"""

from reports.models import Report

PERMISSION = "reports.process_report"


def staff_reports(user):
    if not user.is_authenticated or not user.has_perm(PERMISSION):
        return Report.objects.none()
    queryset = Report.objects.filter(confirmed_at__isnull=False)
    if user.is_superuser:
        return queryset
    return queryset.filter(department__in=user.groups.all())
