// `/batches/<id>`: one batch. Its jobs live (batchUpdated), each with the images it was given and those it made;
// the folders (the shared one first, then one per variant) follow as jobs finish; retry puts failed jobs back.

import { badge, errorBanner, formatTime, h, plural, replaceChildren } from "../dom.js";
import { taskNotice } from "../retries.js";
import {
  BATCH_DETAIL,
  BATCH_FOLDERS,
  BATCH_STATUS,
  BATCH_UPDATED,
  JOB_STATUS,
  RETRY_BATCH,
  VARIANT_NAMES,
  batchProgress,
} from "../operations/batches.js";

export function mount(root, { params, api }) {
  const batchId = params.batchId;
  const jobCards = new Map(); // job id -> card controller
  let names = new Map(); // variant id -> { productTitle, variantTitle }
  let batch = null;
  let stopFollowing = null;
  let gone = false;
  let foldersShownFor = null; // the done-job count the folders were last read at
  let foldersReading = null;

  const title = h("h1", { tabindex: "-1" }, "Batch");
  const state = h("span");
  const summary = h("p", { class: "summary", role: "status", "aria-live": "polite" });
  const bar = h("progress", { max: 1, value: 0, "aria-hidden": "true" });
  const facts = h("p", { class: "muted" });
  const notices = h("div", { class: "notices" });
  const retry = h("button", { type: "button", disabled: true, onclick: retryFailed }, "Retry failed");
  const jobs = h("div", { class: "job-cards" });
  const folders = h("div", { class: "folders" });
  const foldersStatus = h("p", { class: "muted", role: "status" }, "The folders fill in as jobs finish.");
  document.title = "Batch · Vitrine";

  root.append(
    h("p", { class: "crumbs" }, h("a", { href: "/batches" }, "Batches"), " / ", h("span", {}, "Batch")),
    title,
    h("div", { class: "job-head" }, state, h("div", { class: "progress-cell" }, bar, summary), retry),
    facts,
    notices,
    h("section", { "aria-labelledby": "jobs-title" }, h("h2", { id: "jobs-title" }, "Jobs"), jobs),
    h(
      "section",
      { "aria-labelledby": "folders-title" },
      h("h2", { id: "folders-title" }, "Folders"),
      foldersStatus,
      folders,
    ),
  );

  function notice(message, tone = "info") {
    notices.append(h("div", { class: `banner ${tone}`, role: tone === "error" ? "alert" : "status" }, message));
  }

  function nameOf(variantId) {
    const known = names.get(variantId);
    return known ? `${known.productTitle} · ${known.variantTitle}` : "Variant";
  }

  function apply(next) {
    batch = next;
    document.title = `${batch.name} · Vitrine`;
    title.textContent = batch.name;
    root.querySelector(".crumbs span").textContent = batch.name;
    const look = BATCH_STATUS[batch.status] || { label: batch.status, tone: "running" };
    replaceChildren(state, badge(look.label, look.tone, batch.status));
    summary.textContent = batchProgress(batch);
    bar.max = Math.max(batch.totalJobs, 1);
    bar.value = batch.doneJobs + batch.failedJobs;
    facts.textContent = `${batch.schemaKey} workflow · ${plural(batch.numberOfVariations, "image")} per variant · ${plural(batch.credits, "credit")} · started ${formatTime(batch.createdAt)}`;
    retry.disabled = batch.failedJobs === 0;
    retry.textContent = batch.failedJobs ? `Retry failed (${batch.failedJobs})` : "Retry failed";
    for (const job of batch.jobs || []) {
      let card = jobCards.get(job.id);
      if (!card) {
        card = jobCard(job, nameOf(job.variantId));
        jobCards.set(job.id, card);
        jobs.append(card.element);
      }
      card.update(job);
    }
    if (foldersShownFor !== batch.doneJobs) readFolders();
  }

  // Folders change when a job finishes; read them again then (one read at a time, the latest count wins).
  async function readFolders() {
    if (foldersReading) return;
    const at = batch.doneJobs;
    foldersReading = api
      .query(BATCH_FOLDERS, { batchId })
      .then(({ folders: found }) => {
        if (gone) return;
        foldersShownFor = at;
        drawFolders(found);
      })
      .catch((error) => replaceChildren(foldersStatus, errorBanner(error)))
      .finally(() => {
        foldersReading = null;
        if (!gone && batch && foldersShownFor !== batch.doneJobs) readFolders();
      });
  }

  function drawFolders(found) {
    const images = found.reduce((sum, folder) => sum + folder.items.length, 0);
    foldersStatus.textContent = `${plural(found.length, "folder")}, ${plural(images, "image")} filed.`;
    replaceChildren(
      folders,
      found.map((folder) => {
        const titleId = `folder-${folder.id}`;
        const label = folder.shared ? `${folder.name} (shared: every output)` : folder.name;
        return h(
          "section",
          {
            class: "folder card",
            "aria-labelledby": titleId,
            dataset: { folderId: folder.id, shared: String(folder.shared) },
          },
          h(
            "h3",
            { id: titleId },
            label,
            " ",
            h("span", { class: "muted" }, `(${plural(folder.items.length, "image")})`),
          ),
          folder.items.length
            ? h(
                "ul",
                { class: "thumbs", role: "list" },
                folder.items.map((item, i) =>
                  h(
                    "li",
                    {},
                    h(
                      "a",
                      { href: item.url, target: "_blank", rel: "noopener" },
                      h("img", { src: item.url, alt: `Image ${i + 1} in ${folder.name}`, loading: "lazy" }),
                    ),
                  ),
                ),
              )
            : h("p", { class: "muted" }, "Empty so far."),
        );
      }),
    );
  }

  function follow() {
    if (stopFollowing || gone || !batch || batch.isCompleted) return;
    stopFollowing = api.subscribe(
      BATCH_UPDATED,
      { id: batchId },
      {
        next: (data) => apply(data.batchUpdated),
        complete: () => (stopFollowing = null),
        error: (error) => {
          stopFollowing = null;
          notice(`Live updates stopped: ${error.message}`, "error");
        },
      },
    );
  }

  async function retryFailed() {
    retry.disabled = true;
    try {
      const { retryBatch } = await api.mutate(RETRY_BATCH, { id: batchId });
      apply(retryBatch);
      follow();
    } catch (error) {
      notice(error.message, "error");
      retry.disabled = false;
    }
  }

  (async () => {
    try {
      const { batch: found } = await api.query(BATCH_DETAIL, { id: batchId });
      if (gone) return;
      if (!found) throw Object.assign(new Error("No batch of yours has this address."), { code: "NOT_FOUND" });
      const ids = [...new Set(found.jobs.map((job) => job.variantId))];
      if (ids.length) {
        try {
          const { imageCandidates } = await api.query(VARIANT_NAMES, { ids });
          names = new Map(imageCandidates.variants.map((v) => [v.variantId, v]));
        } catch {
          // Names are a nicety: a variant deleted since shows as "Variant".
        }
      }
      if (gone) return;
      apply(found);
      follow();
    } catch (error) {
      if (gone) return;
      const missing = error.code === "NOT_FOUND";
      replaceChildren(
        root,
        h("p", { class: "crumbs" }, h("a", { href: "/batches" }, "Batches")),
        h("h1", { tabindex: "-1" }, missing ? "Batch not found" : "This batch cannot be shown"),
        errorBanner(missing ? { message: "No batch of yours has this address." } : error),
      );
    }
  })();

  return {
    unmount() {
      gone = true;
      stopFollowing?.();
    },
  };
}

function jobCard(job, name) {
  const titleId = `job-${job.id}`;
  const status = h("span");
  const inputs = h("div", { class: "thumbs" });
  const outputs = h("div", { class: "thumbs outputs" });
  const notice = taskNotice(); // "Retrying — attempt 2 of 5 at 14:05:10", or the failure in words
  const element = h(
    "article",
    { class: "card job-card", "aria-labelledby": titleId, dataset: { jobId: job.id, variantId: job.variantId } },
    h("header", {}, h("h3", { id: titleId }, name), status),
    h("p", { class: "muted" }, "Given"),
    inputs,
    h("p", { class: "muted" }, "Made"),
    outputs,
    notice.element,
  );
  let shownInputs = false;
  let shownOutputs = "";
  function update(next) {
    element.dataset.status = next.status;
    const look = JOB_STATUS[next.status] || { label: next.status, tone: "running" };
    replaceChildren(status, badge(look.label, look.tone, next.status));
    if (!shownInputs) {
      shownInputs = true;
      replaceChildren(
        inputs,
        next.productImageUrls.map((url, i) => h("img", { src: url, alt: `Given image ${i + 1}`, loading: "lazy" })),
      );
    }
    const made = next.images.map((image) => image.id).join();
    if (made !== shownOutputs || !made) {
      shownOutputs = made;
      replaceChildren(
        outputs,
        next.images.length
          ? next.images.map((image, i) => h("img", { src: image.url, alt: `Made image ${i + 1}`, loading: "lazy" }))
          : h("span", { class: "muted" }, next.status === "FAILED" ? "Nothing." : "Not yet."),
      );
    }
    notice.update(next, { message: next.error, failed: next.status === "FAILED" });
  }
  return { element, update };
}
