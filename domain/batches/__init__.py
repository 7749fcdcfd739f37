"""Batch generation: up to 100 catalog variants, 1-4 chosen images each, one generation job per variant; every
output is filed into the variant's folder of the batch and the batch's shared folder, exactly once.

Reads top to bottom: `image_choices`, `workflows` and `rules` (pure: what the caller may ask, the credits),
`statuses`, `candidates` (the images a variant may use, and resolving a choice to a stored file), `creation`
(createBatch, retryBatch), `generation` (the task kind the workers run), `reading` (batches, jobs, folders).
"""

from domain.batches.candidates import ImageCandidates, VariantCandidates, image_candidates, variant_image_url
from domain.batches.creation import create_batch, retry_batch
from domain.batches.generation import GENERATE, GENERATE_TASK
from domain.batches.reading import (
    BatchRow,
    counts_of,
    get_batch,
    image_provenance,
    image_url,
    images_of_jobs,
    items_of_folders,
    jobs_of_batches,
    list_batches,
    list_folders,
    product_image_urls,
    shared_folders_of_batches,
)
from domain.batches.rules import BatchInput, BatchSettingsInput, BatchVariantInput, estimate_credits
from domain.batches.statuses import BatchStatus, GenerationJobStatus, JobCounts, batch_topic
from domain.batches.workflows import FIELDS, WORKFLOWS, FieldKind, Workflow, WorkflowField

__all__ = [
    "FIELDS",
    "GENERATE",
    "GENERATE_TASK",
    "WORKFLOWS",
    "BatchInput",
    "BatchRow",
    "BatchSettingsInput",
    "BatchStatus",
    "BatchVariantInput",
    "FieldKind",
    "GenerationJobStatus",
    "ImageCandidates",
    "JobCounts",
    "VariantCandidates",
    "Workflow",
    "WorkflowField",
    "batch_topic",
    "counts_of",
    "create_batch",
    "estimate_credits",
    "get_batch",
    "image_candidates",
    "image_provenance",
    "image_url",
    "images_of_jobs",
    "items_of_folders",
    "jobs_of_batches",
    "list_batches",
    "list_folders",
    "product_image_urls",
    "retry_batch",
    "shared_folders_of_batches",
    "variant_image_url",
]
