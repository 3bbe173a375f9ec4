"""A settings module imported afresh under a given environment, in the test process.

For tests about what a settings module makes of the environment (the values, or
the ``ImproperlyConfigured`` it raises): the module and ``portal.settings.base``,
which reads the environment, are imported again with ``os.environ`` replaced,
then the process's own modules and environment are put back. Much cheaper than a
``manage.py`` process (most of whose time is importing Django, Wagtail and the
apps); tests about the real start-up under production settings start one
(``tests/production_process.py``).
"""

import importlib
import os
import sys

BASE = "portal.settings.base"


def settings_environment(drop=(), drop_prefixes=(), **values):
    """This process's environment without the names in ``drop`` and those starting
    with ``drop_prefixes``, with ``values`` set: what a subprocess would get."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in drop and not key.startswith(tuple(drop_prefixes))
    }
    environment.update(values)
    return environment


def import_settings(name, environment):
    """The upper-case names of settings module ``name`` imported with exactly
    ``environment`` as ``os.environ``; raises what the import raises."""
    package = importlib.import_module("portal.settings")
    names = (BASE, name)
    saved_modules = {key: sys.modules[key] for key in names if key in sys.modules}
    saved_attributes = {
        key: getattr(package, key.rpartition(".")[2])
        for key in names
        if hasattr(package, key.rpartition(".")[2])
    }
    saved_environment = dict(os.environ)
    for key in names:
        sys.modules.pop(key, None)
    os.environ.clear()
    os.environ.update(environment)
    try:
        module = importlib.import_module(name)
        return {key: getattr(module, key) for key in dir(module) if key.isupper()}
    finally:
        os.environ.clear()
        os.environ.update(saved_environment)
        for key in names:
            sys.modules.pop(key, None)
            attribute = key.rpartition(".")[2]
            if hasattr(package, attribute):
                delattr(package, attribute)
        sys.modules.update(saved_modules)
        for key, value in saved_attributes.items():
            setattr(package, key.rpartition(".")[2], value)
