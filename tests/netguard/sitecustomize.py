"""Loads the test suite's network guard (vitrine_netguard.py beside this file) into every Python process a test
starts: tests/conftest.py puts this folder first on PYTHONPATH. Another `sitecustomize` further down the path
(a distribution's, or a measuring harness's) is then imported as if this one were not there."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys


def _load(name: str, path: str) -> None:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


_here = os.path.dirname(os.path.abspath(__file__))
_load("vitrine_netguard", os.path.join(_here, "vitrine_netguard.py"))
sys.modules["vitrine_netguard"].install()

_rest = [p for p in sys.path if os.path.abspath(p or ".") != _here]
_next = importlib.machinery.PathFinder.find_spec("sitecustomize", _rest)
if _next is not None and _next.origin:
    del sys.modules["sitecustomize"]
    _load("sitecustomize", _next.origin)
