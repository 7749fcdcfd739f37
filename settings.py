"""Vitrine settings: read from the environment (and an optional `.env`), validated once at start."""

from __future__ import annotations

import ipaddress
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}
_PRODUCTION_SECRET_MIN = 16


def parse_duration(value: object) -> timedelta:
    """`86400`, `"90s"`, `"30m"`, `"24h"` or `"7d"` -> timedelta. Bare numbers are seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a duration; use seconds or a number with s, m, h or d (e.g. 24h)")
    return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(default="sqlite://./vitrine.db", validation_alias="DATABASE_URL")
    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    openai_api_key: str | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    ai_provider: Literal["local", "openai"] | None = Field(default=None, validation_alias="VITRINE_AI_PROVIDER")
    ai_ranker: bool = Field(default=False, validation_alias="VITRINE_AI_RANKER")
    media_dir: Path = Field(default=Path("./media"), validation_alias="VITRINE_MEDIA_DIR")
    # `s3://bucket/prefix`: media in S3-compatible object storage (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
    # AWS_SECRET_ACCESS_KEY, AWS_REGION configure the client); unset: files under media_dir.
    media_store: str | None = Field(default=None, validation_alias="VITRINE_MEDIA_STORE")
    secret_key: str | None = Field(default=None, validation_alias="VITRINE_SECRET_KEY")
    media_url_ttl: timedelta = Field(default=timedelta(hours=24), validation_alias="VITRINE_MEDIA_URL_TTL")
    product_ttl: timedelta = Field(default=timedelta(hours=24), validation_alias="VITRINE_PRODUCT_TTL")
    # A rendered preview answers identical requests this long; after it, the next request renders again.
    preview_ttl: timedelta = Field(default=timedelta(days=7), validation_alias="VITRINE_PREVIEW_TTL")
    auth: Literal["local", "token"] | None = Field(default=None, validation_alias="VITRINE_AUTH")
    max_urls: int = Field(default=5, ge=1, le=100, validation_alias="VITRINE_MAX_URLS")
    cta_jobs_per_minute: int = Field(default=10, ge=1, validation_alias="VITRINE_CTA_JOBS_PER_MINUTE")
    # Per-workspace budgets of the mutations that create or start work (domain/rate_limits.py, the table):
    # `off`, or overrides such as `createProduct=5/minute,previews=off`.
    rate_limits: str = Field(default="", validation_alias="VITRINE_RATE_LIMITS")
    allow_private_urls: bool = Field(default=False, validation_alias="VITRINE_ALLOW_PRIVATE_URLS")
    # Images (uploads, and product or artwork images fetched from URLs): bytes and pixels of the first frame,
    # both checked before any decoding so a decompression bomb costs nothing. A multipart request may carry
    # 2 x max_upload_bytes + max_body_bytes in all (a file over the cap is refused by name up to twice it).
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1, validation_alias="VITRINE_MAX_UPLOAD_BYTES")
    max_upload_pixels: int = Field(default=40_000_000, ge=1, validation_alias="VITRINE_MAX_UPLOAD_PIXELS")
    # Images checked (decoded) at once in this process, uploads and fetched images alike; the others wait.
    max_concurrent_decodes: int = Field(default=2, ge=1, le=64, validation_alias="VITRINE_MAX_CONCURRENT_DECODES")
    # Comma-separated in the environment (NoDecode: not JSON).
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="VITRINE_ALLOWED_ORIGINS"
    )
    # Host names served (web/trust.py), e.g. `api.shop.example,*.shop.example`: in token mode none listed = any;
    # with local auth the loopback names always, plus these.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="VITRINE_ALLOWED_HOSTS"
    )
    embedded_worker_threads: int = Field(default=4, ge=1, le=64, validation_alias="VITRINE_WORKER_THREADS")
    # CPU-bound steps (local rendering, page extraction, image checks) run in this many processes of a pool per
    # process (integrations/cpu.py), off the event loop's GIL; 0 runs them in a thread of the process instead.
    cpu_processes: int = Field(default=2, ge=0, le=64, validation_alias="VITRINE_CPU_PROCESSES")
    # Threads of the interactive lane (previews, page scrapes, probes), beside the bulk lane's: per `vitrine worker`
    # process (`--interactive-threads`) and in the embedded server. 0 = one lane, every queue on the bulk threads.
    interactive_worker_threads: int = Field(default=4, ge=0, le=64, validation_alias="VITRINE_INTERACTIVE_THREADS")
    # Leases: a running task renews its lease every third of it (a heartbeat), so a crashed worker's rows are
    # free again within one lease and re-sent by the reaper at the next scheduler tick.
    job_lease: timedelta = Field(default=timedelta(seconds=30), validation_alias="VITRINE_JOB_LEASE")
    scheduler_interval: timedelta = Field(default=timedelta(seconds=5), validation_alias="VITRINE_SCHEDULER_INTERVAL")
    # A stopping worker (SIGTERM, SIGINT) finishes its tasks for this long, then hands the rest back.
    worker_stop_timeout: timedelta = Field(default=timedelta(seconds=7), validation_alias="VITRINE_WORKER_STOP_TIMEOUT")
    media_sweep_interval: timedelta = Field(
        default=timedelta(minutes=10), validation_alias="VITRINE_MEDIA_SWEEP_INTERVAL"
    )
    # Redis broker recovery of a SIGKILLed worker's messages (STACK_NOTES §2g): redelivery happens during
    # "maintenance" once the dead worker's heartbeat is older than the timeout.
    broker_heartbeat_timeout_ms: int = Field(default=15_000, ge=1000, validation_alias="VITRINE_BROKER_HEARTBEAT_MS")
    broker_maintenance_chance: int = Field(
        default=10_000, ge=1, le=1_000_000, validation_alias="VITRINE_BROKER_MAINTENANCE_CHANCE"
    )
    # Listing plan: the first slot of a new rule is this far ahead; the belt's tick (rolling empty slots, sending
    # due ones) runs this often (at most as often as VITRINE_SCHEDULER_INTERVAL ticks).
    listing_lead: timedelta = Field(default=timedelta(minutes=10), validation_alias="VITRINE_LISTING_LEAD")
    listing_tick: timedelta = Field(default=timedelta(seconds=60), validation_alias="VITRINE_LISTING_TICK")
    # After rotateWebhookSecret the replaced secret keeps signing webhook deliveries (second) this long.
    webhook_secret_grace: timedelta = Field(
        default=timedelta(hours=24), validation_alias="VITRINE_WEBHOOK_SECRET_GRACE"
    )
    # Transient failures (timeouts, 429, 5xx) are retried with exponential backoff starting here.
    retry_min_backoff_ms: int = Field(default=1000, ge=10, validation_alias="VITRINE_RETRY_MIN_BACKOFF_MS")
    # A knob for tests and drills, 1 in production: the task kernel waits each retry delay of a kind's schedule
    # times this (0.01 turns the previews' declared 5, 10, 20 s into 50, 100, 200 ms); the schedule stays declared.
    retry_delay_scale: float = Field(default=1.0, gt=0, le=1, validation_alias="VITRINE_RETRY_DELAY_SCALE")
    max_query_depth: int = Field(default=10, validation_alias="VITRINE_MAX_QUERY_DEPTH")
    max_aliases: int = Field(default=30, validation_alias="VITRINE_MAX_ALIASES")
    max_tokens: int = Field(default=5000, validation_alias="VITRINE_MAX_TOKENS")
    # Cost of the operation once fragments are expanded: one per field, a connection's selection times `first`.
    max_query_cost: int = Field(default=10_000, ge=1, validation_alias="VITRINE_MAX_QUERY_COST")
    # Request bodies (and GET query strings) larger than this are refused with 413 while they stream in.
    max_body_bytes: int = Field(default=1_048_576, ge=1024, validation_alias="VITRINE_MAX_BODY_BYTES")
    # `vitrine worker` and `vitrine scheduler` serve Prometheus metrics on this port when set (a worker's processes
    # in one scrape); the API serves its own at /metrics. The address defaults to loopback: set 0.0.0.0 (or the
    # machine's private address) for a Prometheus server on another machine.
    metrics_port: int | None = Field(default=None, ge=1, le=65535, validation_alias="VITRINE_METRICS_PORT")
    metrics_host: str = Field(default="127.0.0.1", validation_alias="VITRINE_METRICS_HOST")
    log_level: str = Field(default="INFO", validation_alias="VITRINE_LOG_LEVEL")
    log_format: Literal["json", "text"] = Field(default="json", validation_alias="VITRINE_LOG_FORMAT")

    @field_validator(
        "media_url_ttl",
        "product_ttl",
        "preview_ttl",
        "job_lease",
        "scheduler_interval",
        "worker_stop_timeout",
        "media_sweep_interval",
        "listing_lead",
        "listing_tick",
        "webhook_secret_grace",
        mode="before",
    )
    @classmethod
    def _duration(cls, value: object) -> timedelta:
        return parse_duration(value)

    @field_validator("media_store")
    @classmethod
    def _media_store(cls, value: str | None) -> str | None:
        from integrations.media.keys import parse_store_url

        if value is not None and value.strip():
            parse_store_url(value.strip())  # raises ValueError naming what is wrong
            return value.strip()
        return None

    @field_validator("rate_limits")
    @classmethod
    def _rate_limits(cls, value: str) -> str:
        from domain.rate_limits import parse_overrides

        parse_overrides(value)  # raises ValueError naming the faulty entry
        return value

    @field_validator("allowed_origins", "allowed_hosts", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, value: list[str]) -> list[str]:
        for host in value:
            if "*" in host[1:] or (host.startswith("*") and host != "*" and not host.startswith("*.")):
                raise ValueError(
                    f"VITRINE_ALLOWED_HOSTS: {host!r}: a wildcard must be `*` or lead, as `*.shop.example`"
                )
        return value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise ValueError("DATABASE_URL must start with sqlite:// or postgres://")
        return value.replace("postgresql://", "postgres://", 1)

    @model_validator(mode="after")
    def _defaults_and_consistency(self) -> Settings:
        if self.ai_provider is None:
            self.ai_provider = "openai" if self.openai_api_key else "local"
        if self.ai_provider == "openai" and not self.openai_api_key:
            raise ValueError("VITRINE_AI_PROVIDER=openai needs OPENAI_API_KEY")
        if self.media_store and self.media_url_ttl > timedelta(days=7):
            raise ValueError(
                "VITRINE_MEDIA_URL_TTL: media URLs on object storage are presigned, which lasts 7 days at most"
            )
        if self.auth is None:
            self.auth = "token" if self.is_postgres else "local"
        if self.is_postgres and (not self.secret_key or len(self.secret_key) < _PRODUCTION_SECRET_MIN):
            raise ValueError(
                f"VITRINE_SECRET_KEY must be set (at least {_PRODUCTION_SECRET_MIN} characters) "
                "when DATABASE_URL points at PostgreSQL: it signs media URLs shared by every process"
            )
        return self

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgres://")

    @property
    def embedded(self) -> bool:
        """No REDIS_URL: in-process broker, worker threads and event bus."""
        return self.redis_url is None

    @property
    def media_secret(self) -> bytes:
        # The embedded default has no shared secret to agree on; one derived from the database path keeps
        # URLs valid across restarts of the same installation.
        return (self.secret_key or f"vitrine-local:{self.database_url}").encode()

    def check_serve_host(self, host: str) -> None:
        """`VITRINE_AUTH=local` lets token-less requests act as the local user: never off loopback."""
        if self.auth == "local" and not is_loopback_host(host):
            raise ValueError(
                f"VITRINE_AUTH=local is only allowed when serving on loopback (got --host {host}); "
                "set VITRINE_AUTH=token or bind to 127.0.0.1"
            )


_active: Settings | None = None


def get_settings() -> Settings:
    """The settings this process runs with: the ones `configure` installed, else read from the environment."""
    global _active
    if _active is None:
        _active = Settings()
    return _active


def configure(settings: Settings | None) -> None:
    global _active
    _active = settings
