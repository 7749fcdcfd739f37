"""Importing a module changes nothing: the broker, the actors, the outbox's sender, the reaper's probes, the periodic
jobs, the media folders and the task kinds are wired by one explicit call (`actors.setup.wire(settings)`) that
`vitrine serve` (main.create_app), `vitrine worker` and `vitrine scheduler` make, and test fixtures make; after it the
wiring is complete, and calling it again changes nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dramatiq
import pytest
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker

from actors import setup
from domain import media_sweep, outbox, scheduling, tasks
from domain.tasks import reaper
from tests.conftest import make_settings
from tests.support import PG_SERVER, REDIS_URL, ROOT

NOTHING_CHANGED: dict[str, object] = {
    "dramatiq_global_broker": None,
    "brokers": [],
    "actors_on_brokers": [],
    "actors": [],
    "outbox_sender": None,
    "reaper_probes": [],
    "periodic_jobs": [],
    "media_folders": [],
    "task_kinds": [],
    "tortoise_transactions_wrapped": False,
    "revocation_listeners": 0,
    "new_threads": 0,
    "new_python_threads": [],
    "writes": [],
    "signals_changed": [],
    "environ_changed": [],
    "root_log_handlers_added": 0,
}


def _import_everything(tmp_path: Path, **env_overrides: str) -> dict[str, object]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VITRINE_", "DATABASE_URL", "REDIS_URL", "OPENAI_", "PROMETHEUS_"))
        or k.startswith(("VITRINE_TEST_", "VITRINE_REQUIRE_"))
    }
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # the interpreter's own .pyc files are not the project's writes
    env.update({"VITRINE_MEDIA_DIR": str(tmp_path / "media"), **env_overrides})
    script = str(ROOT / "tests" / "import_everything.py")
    done = subprocess.run([sys.executable, script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["production", "embedded"])
def test_importing_every_module_changes_nothing(mode: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite://{tmp_path / 'vitrine.db'}"}  # never opened
    if mode == "production":  # nothing connects: the URLs are only read
        env = {
            "DATABASE_URL": f"{PG_SERVER}/vitrine_import_side_effects",
            "REDIS_URL": REDIS_URL,
            "VITRINE_SECRET_KEY": "import-side-effects-secret",
        }
    report = _import_everything(tmp_path, **env)
    assert int(str(report.pop("modules"))) > 100, "the walk found the project's modules"
    assert report == NOTHING_CHANGED
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "nothing was written in the working folder"


@pytest.fixture
def unwired() -> Iterator[None]:
    """This test wires and unwires itself; whatever wiring the process had is put back after it."""
    before = setup.current()
    setup.unwire()
    yield
    setup.unwire()
    if before is not None:
        setup.wire(before.settings)


EVERY_KIND = {
    "batches.generate",
    "cta.generate",
    "cta.scrape_url",
    "diagnostics.process_probe",
    "listing.publish_slot",
    "previews.render",
    "products.scrape",
}


def test_after_setup_the_wiring_is_complete_and_a_second_setup_changes_nothing(unwired: None, tmp_path: Path) -> None:
    assert setup.current() is None and outbox.sender() is None and not tasks.declared()
    settings = make_settings(tmp_path)
    wiring = setup.wire(settings)

    assert isinstance(wiring.broker, StubBroker)
    assert set(wiring.broker.actors) == EVERY_KIND == {kind.name for kind in tasks.declared()}
    for name, actor in wiring.broker.actors.items():
        assert actor.broker is wiring.broker
        assert actor.queue_name == tasks.kind_named(name).lane.value
    assert outbox.sender() is not None
    assert reaper.probes().backlog is not None
    assert reaper.probes().held_rows is None, "the in-process broker cannot tell which rows it holds"
    assert {job.name for job in scheduling.registered()} == {
        "broker.requeue_dead_workers",
        "listing.belt",
        "previews.purge_expired",
    }
    assert set(media_sweep.folders()) == {"batches/", "cta/", "listing/", "previews/"}
    assert dramatiq.broker.global_broker is not wiring.broker, "actors are declared on the broker they are given"

    before = (
        dict(wiring.broker.actors),
        outbox.sender(),
        reaper.probes(),
        scheduling.registered(),
        media_sweep.folders(),
        tasks.declared(),
    )
    assert setup.wire(settings) is wiring
    assert setup.wire(make_settings(tmp_path / "another")) is wiring, "same broker settings: the same wiring"
    after = (
        dict(wiring.broker.actors),
        outbox.sender(),
        reaper.probes(),
        scheduling.registered(),
        media_sweep.folders(),
        tasks.declared(),
    )
    assert after == before


def test_setup_for_redis_wires_the_held_rows_probe_and_unwire_undoes_everything(unwired: None, tmp_path: Path) -> None:
    wiring = setup.wire(make_settings(tmp_path, redis_url=REDIS_URL))  # builds a client; nothing connects yet
    assert isinstance(wiring.broker, RedisBroker)
    assert set(wiring.broker.actors) == EVERY_KIND
    assert reaper.probes().held_rows is not None

    embedded = setup.wire(make_settings(tmp_path))  # other broker settings: wired again, on a new broker
    assert isinstance(embedded.broker, StubBroker) and set(embedded.broker.actors) == EVERY_KIND
    assert setup.current() is embedded and reaper.probes().held_rows is None

    setup.unwire()
    assert setup.current() is None
    assert outbox.sender() is None
    assert reaper.probes() == reaper.Probes()
    assert scheduling.registered() == []
    assert media_sweep.folders() == []
    assert tasks.declared() == []
