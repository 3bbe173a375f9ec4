"""Load the demo content: ``python manage.py load_demo`` (idempotent).

For every installed app in INSTALLED_APPS order (``portal`` first: the
municipalities and the portal settings), loads its data files
``<app>/demo/*.yaml`` (``portal.demo_loader``), calls the ``load(demo)`` function
of its ``demo`` module, if it has one (with ``demo.rng`` seeded for that app),
and loads ``<app>/demo/after/*.yaml``; then ``setup_roles`` (the demo users'
groups are data, ``accounts/demo/``). The search index and Wagtail's reference
index are brought up to date once at the end (``portal.indexing``). Refuses to
run unless the settings allow demo content (dev settings only).

``load_demo --scale`` then adds the large benchmark data set, ``bench.scale``
(outside the apps; fixed seed, bulk inserts, see ``docs/performance.md``).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal import demo as portal_demo
from portal.demo_loader import DemoLoader, app_data_files
from portal.indexing import indexing_deferred


def demo_module(app_config):
    name = f"{app_config.name}.demo"
    spec = find_spec(name)
    # A ``demo/`` folder of data files alone is a namespace package (no origin),
    # not a module with ``load``.
    if app_config.name != "portal" and spec is not None and spec.origin is not None:
        return import_module(name)
    return None


class Command(BaseCommand):
    help = "Create the demo region, pages, users and content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            action="store_true",
            help="Also create the large benchmark data set (load_scale of each app).",
        )
        parser.add_argument(
            "--seed", type=int, default=13, help="Seed of the scale data (default 13)."
        )

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_DEMO_ALLOWED", False):
            raise CommandError(
                "load_demo refuses to run under these settings: demo users have "
                "the password 'demo'. Use the development settings."
            )
        demo = portal_demo.Demo(stdout=self.stdout)
        loader = DemoLoader(demo)
        # The search index and the reference index once at the end, not per save.
        with indexing_deferred():
            for app_config in apps.get_app_configs():
                files, module = app_data_files(app_config), demo_module(app_config)
                after = app_data_files(app_config, "after")
                if files or module is not None or after:
                    self.stdout.write(f"  {app_config.name}.demo")
                for path in files:
                    loader.load_file(path)
                if module is not None:
                    demo.seed_for(app_config.label)
                    module.load(demo)
                for path in after:
                    loader.load_file(path)
            # Roles and workflows last, once every app's section pages exist.
            call_command("setup_roles", stdout=self.stdout)
        if options["scale"]:
            self.load_scale(demo, options["seed"])
        self.print_summary(demo)

    def load_scale(self, demo, seed):
        # The benchmark generators live outside the apps, in bench/ (a
        # development checkout has it; production never runs load_demo).
        from bench.scale import load

        load(demo, seed, self.stdout)

    def print_summary(self, demo):
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS("\nDemo content is ready."))
        self.stdout.write(f"  Portal (German):  {base}/")
        self.stdout.write(f"  Portal (English): {base}/en/")
        self.stdout.write(f"  Admin:            {base}/admin/")
        self.stdout.write(f"\n  Logins (password '{portal_demo.DEMO_PASSWORD}'):")
        for user in demo.users.values():
            self.stdout.write(f"    {user.username:<12} {user.get_full_name()}")
