"""What a `vitrine` process loads before it starts working: the heavy libraries only where they are used.

The suite starts dozens of real processes (and so does every deployment); the OpenAI SDK alone took ~0.35 s to
import in each, Strawberry ~0.15 s. Each check imports a command's start path (what cli.py imports for it before
the command runs) in a fresh interpreter with production settings (PostgreSQL and Redis URLs: nothing connects)
and reads `sys.modules`. No timing is asserted; bench/startup.py prints the times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import PG_SERVER, REDIS_URL, ROOT

pytestmark = pytest.mark.slow  # starts processes: left out by `make test-fast`

HEAVY = ("openai", "PIL", "strawberry", "aerich")

# The start path of each command, as cli.py imports it (cmd_worker -> actors.process.run_one, cmd_scheduler, ...).
# Each imports the modules only: wiring (actors.setup.wire) builds objects, it imports nothing more.
WORKER = "import cli, actors.process, actors.setup, actors.worker_boot, actors.lanes, actors.runtime"
SCHEDULER = (
    "import cli, actors.setup, actors.runtime, db.lifecycle, domain.scheduling, integrations.event_bus, observability"
)
MIGRATE = "import cli, db.lifecycle"
CREATE_TOKEN = "import cli, db.lifecycle, domain.auth, domain.errors"
# A worker's first task builds the process's ports (media, fetcher, the configured AI provider's capabilities).
WORKER_AT_WORK = WORKER + "; from domain import ports; ports.ports()"


def loaded(code: str, tmp_path: Path, **env_overrides: str) -> dict[str, bool]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VITRINE_", "DATABASE_URL", "REDIS_URL", "OPENAI_"))
        or k.startswith(("VITRINE_TEST_", "VITRINE_REQUIRE_"))
    }
    env.update(
        {
            "DATABASE_URL": f"{PG_SERVER}/vitrine_startup_imports",  # never connected to
            "REDIS_URL": REDIS_URL,
            "VITRINE_SECRET_KEY": "startup-imports-secret",
            "VITRINE_MEDIA_DIR": str(tmp_path / "media"),
            **env_overrides,
        }
    )
    probe = f"{code}; import json, sys; print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_worker_starts_without_the_openai_sdk_strawberry_or_aerich_on_the_local_provider(tmp_path: Path) -> None:
    modules = loaded(WORKER, tmp_path, VITRINE_AI_PROVIDER="local")
    assert not modules["openai"], "the worker's start path imports the OpenAI SDK though the provider is local"
    assert not modules["strawberry"], "the worker's start path imports Strawberry (it serves no GraphQL)"
    assert not modules["aerich"], "the worker's start path imports aerich (only `migrate` applies migrations)"


def test_a_working_worker_on_the_local_provider_never_loads_the_openai_sdk(tmp_path: Path) -> None:
    modules = loaded(WORKER_AT_WORK, tmp_path, VITRINE_AI_PROVIDER="local")
    assert modules["PIL"], "the local provider's ports are built (they draw with Pillow)"
    assert not modules["openai"]


def test_the_openai_provider_loads_its_sdk_when_the_ports_are_built(tmp_path: Path) -> None:
    # The other side of the contract (and proof that the probe sees a loaded SDK): the SDK comes when it is used.
    openai = {"VITRINE_AI_PROVIDER": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    assert not loaded(WORKER, tmp_path, **openai)["openai"], "configured, but nothing has used it yet"
    assert loaded(WORKER_AT_WORK, tmp_path, **openai)["openai"]


@pytest.mark.parametrize("code", [SCHEDULER, MIGRATE, CREATE_TOKEN], ids=["scheduler", "migrate", "create-token"])
def test_the_scheduler_migrate_and_create_token_start_without_openai_pillow_or_strawberry(
    code: str, tmp_path: Path
) -> None:
    modules = loaded(code, tmp_path)
    assert not modules["openai"] and not modules["PIL"] and not modules["strawberry"], modules
