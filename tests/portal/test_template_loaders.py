"""Every template engine of the portal loads templates through Django's cached loader.

Django (since 4.1) wraps the filesystem and app-directories loaders in
``cached.Loader`` whenever ``TEMPLATES[...]["OPTIONS"]`` names no ``loaders``, with
DEBUG on or off (with DEBUG the autoreloader clears it on template changes). So no
settings module may name loaders: one that did would parse every template on every
render again (issue #27)."""

from pathlib import Path

from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings"


def test_no_settings_module_names_template_loaders():
    modules = sorted(SETTINGS.glob("*.py"))
    assert {path.name for path in modules} >= {"base.py", "dev.py", "production.py"}
    for path in modules:
        assert "loaders" not in path.read_text(), path.name


def test_page_and_form_engines_use_the_cached_loader():
    django_engines = [engine for engine in engines.all() if hasattr(engine, "engine")]
    assert django_engines
    renderer = get_default_renderer()
    for engine in [e.engine for e in django_engines] + [renderer.engine.engine]:
        loaders = engine.template_loaders
        assert len(loaders) == 1 and isinstance(loaders[0], CachedLoader), engine


def test_cached_loader_returns_the_same_compiled_template():
    engine = engines["django"].engine
    first = engine.get_template("base.html")
    assert engine.get_template("base.html") is first
