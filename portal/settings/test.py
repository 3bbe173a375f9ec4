"""Test settings: fast hashing, in-memory e-mail, immediate tasks."""

import atexit
import os
import shutil
import tempfile

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "portal.cache.ReadAheadLocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"


def throwaway_folder(prefix):
    """A temporary folder, removed when the process that made it ends (each test
    worker and each subprocess with these settings makes its own; a forked child
    that exits normally leaves its parent's folders alone)."""
    path = tempfile.mkdtemp(prefix=prefix)
    owner = os.getpid()

    def remove():
        if os.getpid() == owner:
            shutil.rmtree(path, ignore_errors=True)

    atexit.register(remove)
    return path


# Uploaded and generated files of the test run go to a throwaway folder.
MEDIA_ROOT = throwaway_folder("portal-test-media-")
SERVICES_PRIVATE_ROOT = throwaway_folder("portal-test-private-")
DOCUMENTS_PRIVATE_ROOT = throwaway_folder("portal-test-documents-")
DOCUMENTS_DEMO_DIR = throwaway_folder("portal-test-signing-")
DOCUMENTS_FONT_DIR = throwaway_folder("portal-test-fonts-")

# Tests that are about the page cache switch it on themselves.
PORTAL_PAGE_CACHE_SECONDS = 0
# The same for the cached result sets of the site search (tests/search/test_result_cache.py);
# SEARCH_CACHE_SECONDS=300 runs the search tests with it.
PORTAL_SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 0)  # noqa: F405
# Statistics written with every search, as the tests read them at once.
PORTAL_SEARCH_STATS_SECONDS = 0
# django-axes needs the request in authenticate(), which Client.login() does not
# pass; the lockout tests switch it on with override_settings.
AXES_ENABLED = False
