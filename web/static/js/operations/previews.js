// The preview operations the console sends: works (artwork), products with their colours and sizes, renders.

import { RETRY_FIELDS } from "../retries.js";

const WORK = "id name imageUrl createdAt";
const TASK = `id status progress resultUrl errorMessage ${RETRY_FIELDS} retryCount cached createTime updateTime
  workId productId color size expiresAt`;

export const WORKS = `query Works($first: Int, $after: String) {
  works(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${WORK} } } }
}`;
export const CREATE_WORK = `mutation CreateWork($input: CreateWorkInput!) { createWork(input: $input) { ${WORK} } }`;
export const PREVIEW_PRODUCTS = `query PreviewProducts($first: Int, $after: String, $search: String) {
  products(first: $first, after: $after, search: $search) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id title primaryImageUrl variants { id title color size imageUrl } } }
  }
}`;
export const REQUEST_PREVIEWS = `mutation RequestPreviews($inputs: [PreviewInput!]!) {
  requestPreviews(inputs: $inputs) { ${TASK} }
}`;
export const PREVIEW_TASK_UPDATED = `subscription PreviewTaskUpdated($ids: [ID!]!) {
  previewTaskUpdated(ids: $ids) { ${TASK} }
}`;
export const CLEAR_PREVIEW_CACHE = `mutation ClearPreviewCache($workId: ID, $productId: ID) {
  clearPreviewCache(workId: $workId, productId: $productId)
}`;

// requestPreviews takes at most this many inputs at once.
export const MAX_PREVIEWS_PER_REQUEST = 100;

export const PREVIEW_STATUS = {
  PENDING: { label: "Queued", tone: "running" },
  PROCESSING: { label: "Rendering", tone: "running" },
  COMPLETED: { label: "Ready", tone: "done" },
  FAILED: { label: "Failed", tone: "failed" },
};

export const isFinal = (task) => task.status === "COMPLETED" || task.status === "FAILED";
