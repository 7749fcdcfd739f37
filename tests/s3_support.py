"""A real S3-protocol server for the suite: moto's standalone server, started on 127.0.0.1 in a process of its own
(never a mock inside the test process), one per test process, and a fresh bucket per test."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support import free_port, wait_http

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "vitrine-test",
    "AWS_SECRET_ACCESS_KEY": "vitrine-test-secret",
    "AWS_REGION": "us-east-1",
}


@dataclass(frozen=True)
class S3Server:
    endpoint: str  # http://127.0.0.1:<port>

    @property
    def env(self) -> dict[str, str]:
        """The standard variables a Vitrine process (or obstore) reads to reach this server."""
        return {"AWS_ENDPOINT_URL": self.endpoint, **CREDENTIALS}

    def new_bucket(self) -> Bucket:
        name = f"vitrine-{uuid.uuid4().hex[:16]}"
        # moto's server accepts an unsigned CreateBucket; a real store's bucket is made once, outside Vitrine.
        httpx.put(f"{self.endpoint}/{name}", timeout=10).raise_for_status()
        return Bucket(self, name)


@dataclass(frozen=True)
class Bucket:
    server: S3Server
    name: str

    def store_url(self, prefix: str = "media") -> str:
        return f"s3://{self.name}/{prefix}"

    def objects(self, prefix: str = "") -> dict[str, bytes]:
        """Every object under `prefix` and its bytes, read through the S3 API (obstore, as Vitrine does)."""
        import obstore
        from obstore.store import S3Store

        store = S3Store(
            self.name,
            endpoint=self.server.endpoint,
            access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region=CREDENTIALS["AWS_REGION"],
            client_options={"allow_http": True},
        )
        keys = [meta["path"] for batch in obstore.list(store, prefix=prefix or None) for meta in batch]
        return {key: bytes(obstore.get(store, key).bytes()) for key in keys}


@contextlib.contextmanager
def running_s3_server(log_dir: Path) -> Iterator[S3Server]:
    port = free_port()
    log = open(log_dir / "moto.log", "ab")  # noqa: SIM115  (closed below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{endpoint}/moto-api/", proc=proc)  # moto's own page: 200 once the server serves
        yield S3Server(endpoint)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()
