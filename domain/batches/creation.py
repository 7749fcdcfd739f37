"""Creating a batch and retrying its failed jobs: the merchant's two writes.

A batch is checked whole (rules), its chosen images resolved to stored files (candidates), and only then written:
the batch, its folders and its jobs in one transaction, in bulk, with the jobs' messages staged in the same
transaction. 1 or 100 variants take the same number of statements."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tortoise.expressions import F, Q

from db import claims
from db.models import Batch, Folder, GenerationJob
from db.transactions import in_transaction
from domain import idempotency, tasks
from domain.batches.candidates import resolve
from domain.batches.generation import GENERATE_TASK
from domain.batches.job_input import JobInput
from domain.batches.rules import BatchInput, check_batch_input, default_batch_name
from domain.batches.statuses import GenerationJobStatus, batch_topic
from domain.errors import NotFound
from domain.live import publish
from domain.ports import ports
from domain.tenancy import Principal, get_owned
from domain.workspace_events import Change, Kind, announce
from settings import get_settings

FOLDER_NAME_MAX = 300


async def create_batch(principal: Principal, data: BatchInput, idempotency_key: str | None = None) -> Batch:
    """The same `idempotency_key` within 24 h answers the first batch (domain/idempotency.py): a client that
    retries after a timeout does not start (and pay for) the batch twice."""
    request = {
        "name": data.name,
        "variants": [[v.variant_id, list(v.product_image_urls)] for v in data.variants],
        "settings": [data.settings.schema_key, data.settings.number_of_variations, data.settings.input],
    }
    claim = idempotency.claim(principal.workspace_id, "createBatch", idempotency_key, request)
    return await idempotency.run_once(claim, lambda: _create_batch(principal, data, claim), _created_batch)


async def _created_batch(batch_id: uuid.UUID) -> Batch:
    batch = await Batch.get_or_none(id=batch_id)
    if batch is None:
        raise NotFound(f"Batch {batch_id}, created with this idempotencyKey, no longer exists.")
    return batch


async def _create_batch(principal: Principal, data: BatchInput, claim: idempotency.Claim | None) -> Batch:
    draft = check_batch_input(data, ports().media.url_path)
    resolved = await resolve(principal, draft)
    now = datetime.now(UTC)
    lease_until = now + get_settings().job_lease
    name = draft.name or default_batch_name(principal.name, now)
    shared_input = JobInput.of(draft.settings.values, resolved.references, [])
    batch = Batch(
        id=uuid.uuid4(),
        workspace_id=principal.workspace_id,
        user_id=principal.user_id,
        name=name,
        settings={
            "schemaKey": draft.settings.workflow.key,
            "numberOfVariations": draft.settings.number_of_variations,
            "input": shared_input.settings_json(),
        },
        credits=draft.credits,
    )
    folders = [Folder(id=uuid.uuid4(), workspace_id=principal.workspace_id, name=name, batch_id=batch.id, shared=True)]
    jobs = []
    for position, (variant, images) in enumerate(zip(resolved.variants, resolved.product_images, strict=True)):
        folder = Folder(
            id=uuid.uuid4(),
            workspace_id=principal.workspace_id,
            name=_folder_name(name, variant.product.title, variant.title),
            batch_id=batch.id,
            variant_id=variant.id,
        )
        folders.append(folder)
        jobs.append(
            GenerationJob(
                id=uuid.uuid4(),
                batch_id=batch.id,
                variant_id=variant.id,
                folder_id=folder.id,
                position=position,
                input=JobInput.of(draft.settings.values, resolved.references, images).to_json(),
                status=GenerationJobStatus.PENDING,
                lease_expires_at=lease_until,
            )
        )
    async with in_transaction() as tx:
        await batch.save(using_db=tx, force_create=True)
        await Folder.bulk_create(folders, using_db=tx)
        await GenerationJob.bulk_create(jobs, using_db=tx)
        await tasks.enqueue(GENERATE_TASK, jobs, using_db=tx)
        await idempotency.record(claim, batch.id, using_db=tx)
    await announce(principal.workspace_id, Kind.BATCH, batch.id, Change.CREATED)
    return batch


async def retry_batch(principal: Principal, batch_id: object) -> Batch:
    """Failed jobs only go back to pending, with the images they had; done jobs are not touched. Nothing failed:
    nothing happens. A constant number of statements however many jobs failed."""
    batch = await get_owned(Batch, principal, batch_id, "Batch")
    failed = await GenerationJob.filter(batch_id=batch.id, status=GenerationJobStatus.FAILED).values_list(
        "id", flat=True
    )
    if not failed:
        return batch
    now = datetime.now(UTC)
    async with in_transaction() as tx:
        await claims.give_back(
            GenerationJob,
            Q(id__in=list(failed), status=GenerationJobStatus.FAILED),
            waiting=GenerationJobStatus.PENDING,
            lease_until=now + get_settings().job_lease,
            now=now,
            using_db=tx,
            error=None,
            retries=0,
            retry_count=F("retry_count") + 1,
        )
        await tasks.enqueue(GENERATE_TASK, failed, using_db=tx)
    await publish(batch_topic(batch.id), retried=len(failed))
    return batch


def _folder_name(batch: str, product: str, variant: str) -> str:
    subject = " - ".join(part for part in (product, variant) if part) or "Variant"
    return f"{batch} / {subject}"[:FOLDER_NAME_MAX]
