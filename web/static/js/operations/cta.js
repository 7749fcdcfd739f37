// The CTA operations the console sends (DESIGN.md's API contract), and how their statuses read in words.

import { RETRY_FIELDS } from "../retries.js";

const JOB = "id name createdAt totalCount successCount failedCount isCompleted";
const INFO = `id url variantIndex status suggestion productId productBackgroundUrl generatedBackgroundUrl
  retryCount errorMessage ${RETRY_FIELDS} createdAt updatedAt`;
const JOB_DETAIL = `${JOB} urls { id url normalizedUrl status error ${RETRY_FIELDS} } ctaInfos { ${INFO} }`;

export const CTA_JOBS = `query CtaJobs($first: Int, $after: String) {
  ctaJobs(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${JOB} } } }
}`;
export const CTA_JOB_COUNTS_UPDATED = `subscription CtaJobCounts($id: ID!) { ctaJobUpdated(id: $id) { ${JOB} } }`;
export const CREATE_CTA_JOB = `mutation CreateCtaJob($input: CreateCtaJobInput!) { createCtaJob(input: $input) { ${JOB} } }`;
export const CTA_JOB = `query CtaJob($id: ID!) { ctaJob(id: $id) { ${JOB_DETAIL} } }`;
export const CTA_JOB_UPDATED = `subscription CtaJobUpdated($id: ID!) { ctaJobUpdated(id: $id) { ${JOB_DETAIL} } }`;
export const UPDATE_CTA_SUGGESTION = `mutation UpdateCtaSuggestion($id: ID!, $suggestion: JSON!) {
  updateCtaSuggestion(id: $id, suggestion: $suggestion) { ${INFO} }
}`;
export const RETRY_CTA_INFO = `mutation RetryCtaInfo($id: ID!) { retryCtaInfo(id: $id) { ${INFO} } }`;
export const RETRY_FAILED_CTA_INFOS = `mutation RetryFailedCtaInfos($jobId: ID!) {
  retryFailedCtaInfos(jobId: $jobId) { ${JOB_DETAIL} }
}`;
export const DELETE_CTA_JOB = "mutation DeleteCtaJob($id: ID!) { deleteCtaJob(id: $id) }";

export const STATUS_LABELS = {
  PENDING: "Pending",
  ANALYZING: "Analyzing",
  GENERATING_IMAGE: "Generating image",
  GENERATING_SUGGESTION: "Writing copy",
  DONE: "Done",
  FAILED: "Failed",
  // A job URL's own phase
  SCRAPING: "Scraping",
  SCRAPED: "Scraped",
};

// The copy a person may edit, with the server's length limits (domain/cta/rules.py).
export const COPY_FIELDS = [
  { key: "headline", label: "Headline", maxlength: 200 },
  { key: "subheadline", label: "Subheadline", maxlength: 300 },
  { key: "callToAction", label: "Call to action", maxlength: 80 },
  { key: "description", label: "Description", maxlength: 2000, multiline: true },
];

export function jobProgress(job) {
  const finished = job.successCount + job.failedCount;
  const parts = [`${job.successCount} of ${job.totalCount} done`];
  if (job.failedCount) parts.push(`${job.failedCount} failed`);
  if (!job.isCompleted) parts.push(`${job.totalCount - finished} running`);
  return parts.join(" · ");
}

export function jobState(job) {
  if (!job.isCompleted) return { label: "Running", tone: "running" };
  return job.failedCount ? { label: "Finished with failures", tone: "failed" } : { label: "Completed", tone: "done" };
}
