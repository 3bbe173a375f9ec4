"""No module of the project imports one that imports it back, directly or
through others, within an app or across apps (issue #23).

import-linter's ``acyclic_siblings`` contract (``make lint``) checks the
siblings inside each app; this test checks the whole module graph, imports
inside functions included (grimp reads those too), so that a cycle hidden by
an import moved into a function is found as well.
"""

import tomllib

import grimp
from django.conf import settings


def _cycles(graph):
    """The strongly connected components with more than one module (Tarjan)."""
    edges = {
        module: graph.find_modules_directly_imported_by(module) & graph.modules
        for module in graph.modules
    }
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_one_that_imports_it_back(monkeypatch):
    pyproject = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())
    packages = pyproject["tool"]["importlinter"]["root_packages"]
    monkeypatch.syspath_prepend(str(settings.BASE_DIR))
    graph = grimp.build_graph(*packages, cache_dir=None)
    assert _cycles(graph) == []
