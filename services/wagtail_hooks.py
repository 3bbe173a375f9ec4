"""Admin shape of the services app and its section in "Mein Konto"."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from accounts.sections import AccountSection
from portal.admin_menu import menu_item_for
from services import admin_views
from services.home import online_services
from services.models import Application


class ApplicationAdminViewSet(ViewSet):
    """The queue of online applications, one application, and its next step
    (the views check the permission; the menu item shows only with it)."""

    name = "services_admin"
    url_prefix = "applications"
    icon = "form"
    menu_label = _("Applications")
    menu_name = "service-applications"
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = menu_item_for(admin_views.PERMISSION)

    def get_urlpatterns(self):
        return [
            path("", admin_views.queue, name="queue"),
            path("<int:pk>/", admin_views.detail, name="detail"),
            path("<int:pk>/<slug:action>/", admin_views.act, name="act"),
        ]


@hooks.register("register_admin_viewset")
def register_application_admin_viewset():
    return ApplicationAdminViewSet()


@hooks.register("portal_home_sections")
def online_services_section(request, home_page):
    return online_services(request, home_page)


@hooks.register("portal_account_sections")
def my_applications(request):
    if not request.user.is_authenticated:
        return None
    return AccountSection(
        _("My applications"),
        reverse("services:mine"),
        _("Online applications: status, payment and receipts."),
        order=300,
    )


@hooks.register("portal_user_data")
def application_data(user):
    return "service_applications", [
        {
            "reference": application.reference,
            "service": application.service_title,
            "status": application.status,
            "amount": str(application.amount),
            "answers": application.answers,
            "created_at": application.created_at.isoformat(),
        }
        for application in Application.objects.filter(applicant=user)
    ]
