"""The diagnostics probe: a task that proves a worker takes work (the operator's round trip)."""

from __future__ import annotations

from actors.feature import Feature
from domain import diagnostics

FEATURE = Feature("diagnostics", (diagnostics.PROBE_TASK,))
