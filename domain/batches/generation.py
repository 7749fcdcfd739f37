"""The generation task: one job makes the batch's number of images from its variant's chosen images, stores
them, and files each into the variant's folder and the batch's shared folder exactly once.

Exactly once, however often the message comes and wherever the worker dies: the images, both folders' items and
the job's final write are one transaction, and the final write is conditional on the job's claim. A duplicate
message finds the job taken or done and does nothing; an attempt whose claim was taken over (its worker paused
past the lease) rolls its rows back and its files are removed; a worker that dies between the writes commits
none of them, and the reaper sends the job again. The unique constraint on (folder, image) stands behind it.
"""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

from db.models import Batch, Folder, FolderItem, GeneratedImage, GenerationJob, Variant
from db.transactions import in_transaction
from domain import media_sweep, provenance
from domain.batches.image_choices import StoredImage
from domain.batches.job_input import JobInput
from domain.batches.statuses import GenerationJobStatus, batch_topic
from domain.batches.workflows import DEFAULT_ASPECT_RATIO, WORKFLOWS, generation_prompt
from domain.ports import ports
from domain.tasks import Claim, RetrySchedule, Superseded, TaskFailed, TaskKind, TransientFailure
from domain.tasks.retry import backoff_from_settings
from integrations.ai.base import ProductBrief, ProviderError
from integrations.ai.capabilities import GenerationRequest, Recipe

GENERATE = "batches.generate"
MEDIA_FOLDER = "batches"


MEDIA_KEYS = media_sweep.keys_in(GeneratedImage, "key")  # swept once actors.setup registers it


def _retry_schedule() -> RetrySchedule:
    """A provider's timeouts, 429 and 5xx: four more tries, at most two minutes apart (image generation is slow and
    rate limits are per minute)."""
    return backoff_from_settings(retries=4, cap=timedelta(minutes=2))


async def _generate(claim: Claim[GenerationJob]) -> None:
    job = claim.row
    batch = await Batch.get(id=job.batch_id)
    variant = await Variant.filter(id=job.variant_id).select_related("product").get()
    shared = await Folder.filter(batch_id=batch.id, shared=True).values_list("id", flat=True)
    await claim.publish(job=str(job.id), status=GenerationJobStatus.GENERATING)

    spec = JobInput.from_json(job.input)
    request = await _request(batch, variant, spec)
    generator = ports().generator
    try:
        with provenance.timed() as watch:
            pictures = await generator.generate_images(request)
    except ProviderError as exc:
        failed = TransientFailure if exc.transient else TaskFailed
        raise failed(f"The image generator failed: {exc.message}") from exc
    if len(pictures) != request.count:
        raise TaskFailed(f"The image generator made {len(pictures)} images instead of {request.count}")

    from PIL import Image  # here, not at the top: the scheduler imports this module but never generates

    recipe = Recipe(provider=generator.name, model=generator.model, prompt=request.prompt)
    images = []
    for index, png in enumerate(pictures):
        key = await claim.save_media(png, folder=f"{MEDIA_FOLDER}/{batch.id}", extension="png")
        width, height = Image.open(io.BytesIO(png)).size  # the header only
        settings = {**batch.settings, "input": spec.values, "variation": index + 1}
        images.append(
            GeneratedImage(
                id=uuid.uuid4(),
                workspace_id=batch.workspace_id,
                variant_id=job.variant_id,
                job_id=job.id,
                key=key,
                width=width,
                height=height,
                provenance=provenance.record(recipe, spec.provenance_inputs(), settings, watch.seconds),
            )
        )
    await _file_outputs(claim, images, [job.folder_id, *shared])
    await claim.publish(job=str(job.id), status=GenerationJobStatus.DONE)


async def _request(batch: Batch, variant: Variant, spec: JobInput) -> GenerationRequest:
    """What the generator is asked: the stored images' bytes, the workflow's prompt, the batch's settings."""
    workflow = WORKFLOWS[batch.settings["schemaKey"]]
    product = variant.product
    title = " - ".join(part for part in (product.title, variant.title) if part) or "the product"
    products = [await _read(image, f"product image {n}") for n, image in enumerate(spec.product_images, start=1)]
    references = {role: await _read(image, role.replace("_", " ")) for role, image in spec.references.items()}
    return GenerationRequest(
        product_images=products,
        workflow=workflow.key,
        count=int(batch.settings["numberOfVariations"]),
        aspect_ratio=spec.values.get("aspect_ratio", DEFAULT_ASPECT_RATIO),
        brief=ProductBrief(title=product.title or variant.title, description=product.description or None),
        options={k: v for k, v in spec.values.items() if k != "aspect_ratio"},
        prompt=generation_prompt(
            workflow, spec.values, product=title, product_images=len(products), references=list(references)
        ),
        references=references,
    )


async def _file_outputs(claim: Claim[GenerationJob], images: list[GeneratedImage], folders: list[Any]) -> None:
    """The images, one item per image in each folder, and the job's final write: all of it or none of it."""
    async with in_transaction() as tx:
        await GeneratedImage.bulk_create(images, using_db=tx)
        for folder_id in folders:
            await file_into(folder_id, images, tx)
        # Last, so a lost claim undoes everything above: only the attempt that holds the job files anything.
        if not await claim.finish(status=GenerationJobStatus.DONE, error=None):
            raise Superseded(f"generation job {claim.row.id} was taken over; its outputs are not filed")


async def file_into(folder_id: Any, images: list[GeneratedImage], tx: Any) -> None:
    """One folder's items for these images (one write per folder)."""
    await FolderItem.bulk_create([FolderItem(folder_id=folder_id, image_id=image.id) for image in images], using_db=tx)


async def _read(image: StoredImage, what: str) -> bytes:
    try:
        return await ports().media.read(image.key)
    except (OSError, ValueError) as exc:  # missing, a directory, unreadable, or a key the storage refuses
        raise TaskFailed(
            f"The {what} ({image.source} {image.id}) can no longer be read from storage; retry once it is back, or "
            "start a new batch with another image"
        ) from exc


async def _fail(claim: Claim[GenerationJob], message: str) -> None:
    if await claim.finish(status=GenerationJobStatus.FAILED, error=message):
        await claim.publish(job=str(claim.row.id), status=GenerationJobStatus.FAILED)


GENERATE_TASK = TaskKind(
    name=GENERATE,
    model=GenerationJob,
    waiting=GenerationJobStatus.PENDING,
    running=(GenerationJobStatus.GENERATING,),
    work=_generate,
    fail=_fail,
    topic=lambda row: batch_topic(row.batch_id),
    retry=_retry_schedule,
    error_field="error",
)
