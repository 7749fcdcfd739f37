"""The render of one preview as a kind of task: the work's artwork printed into the variant image's print area by
the configured compositor, stored in media, kept as the cached result until it expires.

A failed render is retried exactly three times, 5, 10 and 20 s after the failures (attempts at about 0, 5, 15 and
35 s), by the task kernel; then the task is FAILED with the last error. Nothing underneath retries on its own.
"""

from __future__ import annotations

from datetime import UTC, datetime

from db.models import PreviewTask, Variant, Work
from domain import media_sweep, provenance
from domain.catalog.variants import print_area_of
from domain.ports import ports
from domain.previews.rules import expiry
from domain.previews.statuses import PreviewStatus, task_topic
from domain.tasks import Claim, Lane, RetrySchedule, TaskFailed, TaskKind
from domain.workspace_events import Change, Kind, announce
from integrations.ai.capabilities import PrintArea
from observability import PREVIEW_RENDERS
from settings import get_settings

RENDER = "previews.render"
MEDIA_FOLDER = "previews"
# Progress while a render runs: the images are read by START, the compositor's own 0-100 maps onto START-END.
START, END = 10, 90


def retry_schedule() -> RetrySchedule:
    return RetrySchedule.fixed(5, 10, 20)


async def _render(claim: Claim[PreviewTask]) -> None:
    row = claim.row
    await _progress(claim, 0)
    work = await Work.filter(id=row.work_id).select_related("asset").first()
    variant = await Variant.filter(id=row.variant_id).select_related("image").first()
    if work is None or variant is None:
        raise TaskFailed("the work or the product variant of this preview was deleted")
    if variant.image is None:
        raise TaskFailed("the product variant has no image to print on")
    media = ports().media
    artwork = await media.read(work.asset.key)
    product_image = await media.read(variant.image.key)
    await _progress(claim, START)

    async def compositor_progress(percent: int) -> None:
        await _progress(claim, START + (END - START) * min(max(percent, 0), 100) // 100)

    area = print_area_of(variant)
    print_area = PrintArea(area.x, area.y, area.width, area.height)
    compositor = ports().compositor
    with provenance.timed() as watch:
        png = await compositor.composite(artwork, product_image, print_area, compositor_progress)
    key = await claim.save_media(png, folder=f"{MEDIA_FOLDER}/{row.workspace_id}", extension="png")
    now = datetime.now(UTC)
    made = provenance.record(
        compositor.recipe(print_area),
        [
            provenance.InputImage(role="artwork", source="work", id=str(work.id), key=work.asset.key),
            provenance.InputImage(role="product", source="variant", id=str(variant.id), key=variant.image.key),
        ],
        {"color": row.color, "size": row.size, "printArea": area.to_json()},
        watch.seconds,
        at=now,
    )
    if await claim.finish(
        status=PreviewStatus.COMPLETED,
        progress=100,
        result_key=key,
        error_message=None,
        expires_at=expiry(now, get_settings().preview_ttl),
        provenance=made,
    ):
        PREVIEW_RENDERS.labels("completed").inc()
        await claim.publish(task=str(row.id), status=PreviewStatus.COMPLETED)
        await announce(row.workspace_id, Kind.PREVIEW, row.id, Change.UPDATED)


async def _progress(claim: Claim[PreviewTask], percent: int) -> None:
    """Written only when it moves forward, and published, so a subscriber sees the bar move."""
    if percent == claim.row.progress and percent != 0:
        return
    await claim.advance(progress=percent)
    await claim.publish(task=str(claim.row.id), progress=percent)


async def _record_failure(claim: Claim[PreviewTask], message: str) -> None:
    if await claim.finish(status=PreviewStatus.FAILED, error_message=message):
        PREVIEW_RENDERS.labels("failed").inc()
        await claim.publish(task=str(claim.row.id), status=PreviewStatus.FAILED)
        await announce(claim.row.workspace_id, Kind.PREVIEW, claim.row.id, Change.UPDATED)


MEDIA_KEYS = media_sweep.keys_in(PreviewTask, "result_key")  # swept once actors.setup registers it

PREVIEW_TASK = TaskKind(
    name=RENDER,
    model=PreviewTask,
    waiting=PreviewStatus.PENDING,
    running=(PreviewStatus.PROCESSING,),
    work=_render,
    fail=_record_failure,
    topic=lambda row: task_topic(row.id),
    retry=retry_schedule,
    error_field="error_message",
    lane=Lane.INTERACTIVE,  # someone watches the grid fill in
)
