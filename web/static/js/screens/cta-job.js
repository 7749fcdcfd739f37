// `/cta/<jobId>`: the batch preview. One card per variant with its status live, its product image, generated
// background and copy; `?cta_id=<id>` is that variant's edit dialog (bookmarkable); a drawer shows the details.

import { clearFieldErrors, errorBanner, formatTime, h, replaceChildren, showFieldErrors } from "../dom.js";
import { openDialog } from "../dialogs.js";
import {
  COPY_FIELDS,
  CTA_JOB,
  CTA_JOB_UPDATED,
  RETRY_CTA_INFO,
  RETRY_FAILED_CTA_INFOS,
  STATUS_LABELS,
  UPDATE_CTA_SUGGESTION,
  jobProgress,
  jobState,
} from "../operations/cta.js";

export function mount(root, { params, query, api, router }) {
  const jobId = params.jobId;
  const cards = new Map(); // info id -> card controller
  const infos = new Map(); // info id -> latest CtaInfo
  let job = null;
  let stopFollowing = null;
  let editor = null; // the open edit dialog's controller
  let gone = false;

  const title = h("h1", { tabindex: "-1" }, "CTA job");
  const summary = h("p", { class: "summary", role: "status", "aria-live": "polite" });
  const state = h("span", { class: "badge" });
  const notices = h("div", { class: "notices" });
  const retryFailed = h("button", { type: "button", disabled: true, onclick: retryAllFailed }, "Retry failed");
  const groups = new Map(); // product page URL -> its section of cards
  const pages = h("div", { class: "url-groups" });
  document.title = "CTA job · Vitrine";

  root.append(
    h("p", { class: "crumbs" }, h("a", { href: "/" }, "CTA jobs"), " / ", h("span", {}, "Job")),
    title,
    h("div", { class: "job-head" }, state, summary, retryFailed),
    notices,
    pages,
  );

  function notice(message, tone = "info") {
    notices.append(h("div", { class: `banner ${tone}`, role: tone === "error" ? "alert" : "status" }, message));
  }

  function apply(next) {
    job = next;
    document.title = `${job.name} · Vitrine`;
    title.textContent = job.name;
    root.querySelector(".crumbs span").textContent = job.name;
    summary.textContent = jobProgress(job);
    const current = jobState(job);
    state.textContent = current.label;
    state.className = `badge ${current.tone}`;
    retryFailed.disabled = job.failedCount === 0;
    retryFailed.textContent = job.failedCount ? `Retry failed (${job.failedCount})` : "Retry failed";
    job.urls.forEach((row, i) => groupOf(row.url, i).update(row));
    for (const info of job.ctaInfos) applyInfo(info);
  }

  function applyInfo(info) {
    infos.set(info.id, info);
    let card = cards.get(info.id);
    if (!card) {
      card = ctaCard(info, { onEdit: (button) => openEditor(info.id, { push: true, opener: button }), onRetry: retryOne, onDetails: showDetails });
      cards.set(info.id, card);
      groupOf(info.url).cards.append(card.element);
    }
    card.update(info, { errorShownAbove: groupOf(info.url).error === info.errorMessage });
    if (editor?.infoId === info.id) editor.sync(info);
  }

  // One section per product page (in the order given), holding that page's variant cards.
  function groupOf(url, index = groups.size) {
    let group = groups.get(url);
    if (!group) {
      group = urlGroup(url, index);
      groups.set(url, group);
      pages.append(group.element);
    }
    return group;
  }

  function follow() {
    if (stopFollowing || gone || !job || job.isCompleted) return;
    stopFollowing = api.subscribe(CTA_JOB_UPDATED, { id: jobId }, {
      next: (data) => apply(data.ctaJobUpdated),
      complete: () => (stopFollowing = null),
      error: (error) => {
        stopFollowing = null;
        notice(`Live updates stopped: ${error.message}`, "error");
      },
    });
  }

  async function retryAllFailed() {
    retryFailed.disabled = true;
    try {
      const { retryFailedCtaInfos } = await api.mutate(RETRY_FAILED_CTA_INFOS, { jobId });
      apply(retryFailedCtaInfos);
      follow();
    } catch (error) {
      notice(error.message, "error");
      retryFailed.disabled = false;
    }
  }

  async function retryOne(info) {
    try {
      const { retryCtaInfo } = await api.mutate(RETRY_CTA_INFO, { id: info.id });
      applyInfo(retryCtaInfo);
      job = { ...job, isCompleted: false };
      follow();
    } catch (error) {
      notice(error.message, "error");
    }
  }

  function showDetails(info, opener) {
    openDialog(detailsDrawer(infos.get(info.id) || info), { opener });
  }

  // --- the edit dialog, mirrored in the address as ?cta_id=<id> ---

  function openEditor(infoId, { push = false, opener = null } = {}) {
    if (editor?.infoId === infoId) return;
    closeEditor({ fromAddress: true });
    const info = infos.get(infoId);
    if (!info) {
      notice(`Variant ${infoId} is not part of this job.`, "error");
      router.setQuery({ cta_id: null }, { replace: true });
      return;
    }
    if (push) router.setQuery({ cta_id: infoId }, { state: { ctaDialog: infoId } });
    editor = editDialog(info, {
      save: async (suggestion) => {
        const { updateCtaSuggestion } = await api.mutate(UPDATE_CTA_SUGGESTION, { id: infoId, suggestion });
        applyInfo(updateCtaSuggestion);
      },
    });
    const current = editor;
    openDialog(current.dialog, {
      opener: opener || cards.get(infoId)?.editButton,
      onClose: () => {
        if (editor === current) editor = null;
        if (!current.closedByAddress) leaveAddress(infoId);
      },
    });
  }

  function closeEditor({ fromAddress = false } = {}) {
    if (!editor) return;
    editor.closedByAddress = fromAddress;
    editor.dialog.close();
  }

  // The dialog closed by itself (Save, Cancel, Escape): take `cta_id` out of the address.
  function leaveAddress(infoId) {
    if (new URLSearchParams(window.location.search).get("cta_id") !== infoId) return;
    if (history.state?.ctaDialog === infoId) history.back(); // we pushed it: going back keeps history tidy
    else router.setQuery({ cta_id: null }, { replace: true }); // arrived with it (a bookmark or a reload)
  }

  function fromAddress(search) {
    const wanted = search.get("cta_id");
    if (wanted) openEditor(wanted);
    else closeEditor({ fromAddress: true });
  }

  (async () => {
    try {
      const { ctaJob } = await api.query(CTA_JOB, { id: jobId });
      if (gone) return;
      if (!ctaJob) throw new Error("This job does not exist.");
      apply(ctaJob);
      follow();
      fromAddress(query);
    } catch (error) {
      if (gone) return;
      const missing = error.code === "NOT_FOUND" || error.message === "This job does not exist.";
      replaceChildren(
        root,
        h("p", { class: "crumbs" }, h("a", { href: "/" }, "CTA jobs")),
        h("h1", { tabindex: "-1" }, missing ? "Job not found" : "This job cannot be shown"),
        errorBanner(missing ? { message: "No job of yours has this address." } : error),
      );
    }
  })();

  return {
    update({ query: next }) {
      if (job) fromAddress(next);
    },
    unmount() {
      gone = true;
      stopFollowing?.();
      closeEditor({ fromAddress: true });
    },
  };
}

function shortUrl(url) {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

function statusBadge(status) {
  const tone = status === "DONE" || status === "SCRAPED" ? "done" : status === "FAILED" ? "failed" : "running";
  return h("span", { class: `badge ${tone}`, dataset: { status } }, STATUS_LABELS[status] || status);
}

function urlGroup(url, index) {
  const titleId = `page-${index}`;
  const status = h("span");
  const error = h("p", { class: "error-text", hidden: true });
  const cards = h("div", { class: "cta-cards" });
  const element = h(
    "section",
    { class: "url-group", "aria-labelledby": titleId },
    h(
      "h2",
      { id: titleId },
      h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, shortUrl(url)),
      " ",
      status,
    ),
    error,
    cards,
  );
  const group = { element, cards, error: null, update };
  function update(row) {
    replaceChildren(status, statusBadge(row.status));
    error.textContent = row.error || "";
    error.hidden = !row.error;
    group.error = row.error;
  }
  return group;
}

function picture(url, label, failed) {
  if (!url) {
    return h("figure", {}, h("div", { class: "placeholder" }, failed ? "None" : "Not yet"), h("figcaption", {}, label));
  }
  return h(
    "figure",
    {},
    h("img", { src: url, alt: label, loading: "lazy", referrerpolicy: "no-referrer" }),
    h("figcaption", {}, label),
  );
}

function ctaCard(info, { onEdit, onRetry, onDetails }) {
  const titleId = `card-${info.id}`;
  const status = h("span");
  const images = h("div", { class: "images" });
  const copy = h("div", { class: "copy" });
  const error = h("p", { class: "error-text" });
  const editButton = h("button", { type: "button", onclick: () => onEdit(editButton) }, "Edit copy");
  const retryButton = h("button", { type: "button", onclick: () => onRetry(latest) }, "Retry");
  const detailsButton = h("button", { type: "button", class: "link", onclick: () => onDetails(latest, detailsButton) }, "Details");
  const element = h(
    "article",
    { class: "card cta-card", "aria-labelledby": titleId, dataset: { infoId: info.id } },
    h(
      "header",
      {},
      h("h3", { id: titleId }, `Variant ${info.variantIndex + 1}`),
      status,
    ),
    images,
    copy,
    error,
    h("div", { class: "actions" }, editButton, retryButton, detailsButton),
  );
  let latest = info;
  let shownImages = "";

  // `errorShownAbove`: the product page's own error already says it (a page that could not be read).
  function update(next, { errorShownAbove = false } = {}) {
    latest = next;
    element.dataset.status = next.status;
    replaceChildren(status, statusBadge(next.status));
    const failed = next.status === "FAILED";
    const imageKey = `${next.productBackgroundUrl}|${next.generatedBackgroundUrl}|${failed}`;
    if (imageKey !== shownImages) {
      shownImages = imageKey;
      replaceChildren(
        images,
        picture(next.productBackgroundUrl, "Product image", failed),
        picture(next.generatedBackgroundUrl, "Generated background", failed),
      );
    }
    const s = next.suggestion || {};
    replaceChildren(
      copy,
      s.headline ? h("p", { class: "headline", dataset: { copy: "headline" } }, s.headline) : h("p", { class: "muted" }, "No copy yet."),
      s.subheadline && h("p", { class: "subheadline", dataset: { copy: "subheadline" } }, s.subheadline),
      s.callToAction && h("p", {}, h("span", { class: "cta-pill", dataset: { copy: "callToAction" } }, s.callToAction)),
      s.description && h("p", { class: "description", dataset: { copy: "description" } }, s.description),
    );
    error.textContent = next.errorMessage || "";
    error.hidden = !next.errorMessage || errorShownAbove;
    editButton.hidden = next.status !== "DONE";
    retryButton.hidden = next.status !== "FAILED";
  }
  return { element, update, editButton };
}

function editDialog(info, { save }) {
  const titleId = "edit-title";
  const inputs = {};
  const fields = COPY_FIELDS.map(({ key, label, maxlength, multiline }) => {
    const id = `edit-${key}`;
    const input = multiline
      ? h("textarea", { id, name: key, maxlength, rows: 5, "data-field": `suggestion.${key}` })
      : h("input", { id, name: key, maxlength, "data-field": `suggestion.${key}`, autocomplete: "off" });
    inputs[key] = input;
    return h("div", { class: "field" }, h("label", { for: id }, label), input);
  });
  const pending = h("p", { class: "banner info", role: "status" });
  const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
  const saveButton = h("button", { type: "submit", class: "primary" }, "Save");
  const form = h(
    "form",
    { "data-field": "id" },
    h("h2", { id: titleId }, `Edit copy · Variant ${info.variantIndex + 1}`),
    h("p", { class: "muted" }, shortUrl(info.url)),
    pending,
    ...fields,
    formError,
    h("div", { class: "actions" }, saveButton, h("button", { type: "button", onclick: () => dialog.close() }, "Cancel")),
  );
  const dialog = h("dialog", { class: "modal", "aria-labelledby": titleId, dataset: { infoId: info.id } }, form);
  let filled = false;

  function sync(next) {
    const done = next.status === "DONE";
    pending.hidden = done;
    pending.textContent = done ? "" : `This variant is ${STATUS_LABELS[next.status].toLowerCase()}; its copy can be edited once it is done.`;
    for (const input of Object.values(inputs)) input.disabled = !done;
    saveButton.disabled = !done;
    if (done && !filled) {
      // Fill once: a live update must not overwrite what the person is typing.
      filled = true;
      for (const [key, input] of Object.entries(inputs)) input.value = next.suggestion?.[key] || "";
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const suggestion = Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, input.value]));
    saveButton.disabled = true;
    saveButton.textContent = "Saving…";
    try {
      await save(suggestion);
      dialog.close();
    } catch (error) {
      showFieldErrors(form, error);
    } finally {
      saveButton.disabled = false;
      saveButton.textContent = "Save";
    }
  });

  sync(info);
  return { infoId: info.id, dialog, sync, closedByAddress: false };
}

function detailsDrawer(info) {
  const titleId = "details-title";
  const link = (url) => (url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url) : h("span", { class: "muted" }, "none"));
  const rows = [
    ["Status", statusBadge(info.status)],
    ["Product page", link(info.url)],
    ["Product background", link(info.productBackgroundUrl)],
    ["Generated background", link(info.generatedBackgroundUrl)],
    ["Variant index", String(info.variantIndex)],
    ["Product id", info.productId || "none"],
    ["Retries", String(info.retryCount)],
    ["Error", info.errorMessage || "none"],
    ["Created", formatTime(info.createdAt)],
    ["Updated", formatTime(info.updatedAt)],
    ["Id", info.id],
  ];
  const dialog = h(
    "dialog",
    { class: "drawer", "aria-labelledby": titleId },
    h(
      "div",
      { class: "drawer-head" },
      h("h2", { id: titleId }, `Variant ${info.variantIndex + 1} details`),
      h("button", { type: "button", onclick: () => dialog.close() }, "Close"),
    ),
    h("dl", { class: "details" }, rows.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
  );
  return dialog;
}
