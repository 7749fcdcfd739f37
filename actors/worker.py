"""Module the `dramatiq` CLI loads in a `vitrine worker` process: every actor plus the worker boot middleware."""

from actors import broker
from actors.worker_boot import WorkerBoot

broker.add_middleware(WorkerBoot())

__all__ = ["broker"]
