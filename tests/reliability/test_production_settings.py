"""Production settings for a scale-out installation, configured from the environment."""

from tests.settings_import import import_settings, settings_environment


def test_scale_out_configuration_from_the_environment():
    # what the settings make of the environment: imported in this process
    # (tests/settings_import.py); tests/production_process.py starts a real one
    environment = settings_environment(
        drop_prefixes=("DJANGO_", "S3_", "SEARCH_"),
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="s" * 30 + "-settings-test-key-" + "t" * 20,
        ALLOWED_HOSTS="portal.example",
        DATABASE_URL="postgres://portal@db.example:5432/portal",
        REDIS_URL="redis://redis.example:6379/0",
        S3_BUCKET="media",
        S3_ENDPOINT_URL="https://s3.example",
        S3_CUSTOM_DOMAIN="portal.example/media",
        FRONTEND_CACHE_URLS="http://cache1:6081,http://cache2:6081",
        SEARCH_BACKEND="opensearch2",
        SEARCH_URLS="http://search1:9200,http://search2:9200",
        TRUSTED_PROXY_COUNT="2",
    )
    settings = import_settings("portal.settings.production", environment)
    result = {
        "cache": settings["CACHES"]["default"]["BACKEND"],
        "cache_options": settings["CACHES"]["default"]["OPTIONS"],
        "renditions": settings["CACHES"]["renditions"]["LOCATION"],
        "sessions": settings["SESSION_ENGINE"],
        "media": settings["STORAGES"]["default"],
        "static": settings["STORAGES"]["staticfiles"]["BACKEND"],
        "purge": settings["WAGTAILFRONTENDCACHE"],
        "apps": "wagtail.contrib.frontend_cache" in settings["INSTALLED_APPS"],
        "search": settings["WAGTAILSEARCH_BACKENDS"]["default"],
        "mail": [settings["EMAIL_BACKEND"], settings["EMAIL_DELIVERY_BACKEND"]],
        "tasks": settings["TASKS"]["default"]["BACKEND"],
        "proxies": settings["TRUSTED_PROXY_COUNT"],
        "hsts": settings["SECURE_HSTS_SECONDS"],
    }
    # the fail-open Redis backend with the request read-ahead (issue #27)
    assert result["cache"] == "portal.cache.ReadAheadRedisCache"
    assert result["cache_options"]["IGNORE_EXCEPTIONS"] is True
    assert result["renditions"] == "redis://redis.example:6379/0"
    assert result["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert result["media"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert result["media"]["OPTIONS"]["bucket_name"] == "media"
    assert result["media"]["OPTIONS"]["custom_domain"] == "portal.example/media"
    assert result["media"]["OPTIONS"]["querystring_auth"] is False
    assert result["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert [backend["LOCATION"] for backend in result["purge"].values()] == [
        "http://cache1:6081",
        "http://cache2:6081",
    ]
    assert result["apps"] is True
    assert result["search"]["BACKEND"] == "search.backends"
    assert result["search"]["ENGINE"] == "opensearch2"
    assert result["search"]["URLS"] == ["http://search1:9200", "http://search2:9200"]
    assert result["mail"] == [
        "portal.mail.QueuedEmailBackend",
        "django.core.mail.backends.smtp.EmailBackend",
    ]
    assert result["tasks"] == "django_tasks_db.DatabaseBackend"
    assert result["proxies"] == 2
    assert result["hsts"] == 31536000
