// The batch operations the console sends: variants to pick from, their image candidates, workflows, the
// estimate, createBatch, and a batch's jobs and folders; and how their statuses read in words.

import { RETRY_FIELDS } from "../retries.js";

const IMAGE = "id url width height variantId jobId createdAt";
const JOB = `id variantId status productImageUrls error ${RETRY_FIELDS} retryCount folderId updatedAt
  images { id url }`;
const BATCH = `id name status createdAt credits schemaKey numberOfVariations totalJobs pendingJobs runningJobs
  doneJobs failedJobs isCompleted folderId`;

export const VARIANT_PRODUCTS = `query VariantProducts($first: Int, $after: String, $search: String) {
  products(first: $first, after: $after, search: $search) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id title primaryImageUrl variants { id title color size imageUrl } } }
  }
}`;
export const IMAGE_CANDIDATES = `query ImageCandidates($ids: [ID!]!) {
  imageCandidates(variantIds: $ids) {
    variants { variantId productId productTitle variantTitle variantImageUrl generatedImages { ${IMAGE} } }
    uploads { id kind originalName url width height createdAt }
  }
}`;
export const BATCH_WORKFLOWS = `query BatchWorkflows {
  batchWorkflows { key title description fields { name kind description choices maxLength } }
}`;
export const ESTIMATE_CREDITS = `query EstimateCredits($variantCount: Int!, $numberOfVariations: Int!) {
  estimateBatchCredits(variantCount: $variantCount, numberOfVariations: $numberOfVariations)
}`;
export const CREATE_BATCH = `mutation CreateBatch($input: CreateBatchInput!, $idempotencyKey: String) {
  createBatch(input: $input, idempotencyKey: $idempotencyKey) { id }
}`;
export const BATCHES = `query Batches($first: Int, $after: String) {
  batches(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${BATCH} } } }
}`;
export const BATCH_COUNTS_UPDATED = `subscription BatchCounts($id: ID!) { batchUpdated(id: $id) { ${BATCH} } }`;
export const BATCH_DETAIL = `query Batch($id: ID!) { batch(id: $id) { ${BATCH} jobs { ${JOB} } } }`;
export const BATCH_UPDATED = `subscription BatchUpdated($id: ID!) { batchUpdated(id: $id) { ${BATCH} jobs { ${JOB} } } }`;
export const RETRY_BATCH = `mutation RetryBatch($id: ID!) { retryBatch(id: $id) { ${BATCH} jobs { ${JOB} } } }`;
export const BATCH_FOLDERS = `query BatchFolders($batchId: ID) {
  folders(batchId: $batchId) { id name variantId batchId shared createdAt items { id imageId url createdAt } }
}`;
export const VARIANT_NAMES = `query VariantNames($ids: [ID!]!) {
  imageCandidates(variantIds: $ids) { variants { variantId productTitle variantTitle variantImageUrl } }
}`;

export const MAX_VARIANTS = 100;
export const MAX_IMAGES = 4;
export const MAX_VARIATIONS = 4;

export const JOB_STATUS = {
  PENDING: { label: "Waiting", tone: "running" },
  GENERATING: { label: "Generating", tone: "running" },
  DONE: { label: "Done", tone: "done" },
  FAILED: { label: "Failed", tone: "failed" },
};

export const BATCH_STATUS = {
  PENDING: { label: "Waiting", tone: "running" },
  PROCESSING: { label: "Running", tone: "running" },
  COMPLETED: { label: "Completed", tone: "done" },
  PARTIALLY_FAILED: { label: "Finished with failures", tone: "failed" },
  FAILED: { label: "Failed", tone: "failed" },
};

export function batchProgress(batch) {
  const parts = [`${batch.doneJobs} of ${batch.totalJobs} done`];
  if (batch.failedJobs) parts.push(`${batch.failedJobs} failed`);
  const running = batch.totalJobs - batch.doneJobs - batch.failedJobs;
  if (running) parts.push(`${running} running`);
  return parts.join(" · ");
}
