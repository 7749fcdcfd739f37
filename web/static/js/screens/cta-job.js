// `/cta/<jobId>`: the batch preview. One card per variant with its status live, its product image, generated
// background and copy; `?cta_id=<id>` is that variant's edit dialog (bookmarkable); a drawer shows the details.

import { ctaCard, urlGroup } from "../cta/cards.js";
import { detailsDrawer } from "../cta/details-drawer.js";
import { editDialog } from "../cta/edit-dialog.js";
import { confirmDialog, openDialog } from "../dialogs.js";
import { errorBanner, h, replaceChildren } from "../dom.js";
import {
  CTA_JOB,
  CTA_JOB_UPDATED,
  DELETE_CTA_JOB,
  RETRY_CTA_INFO,
  RETRY_FAILED_CTA_INFOS,
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
  const deleteButton = h("button", { type: "button", class: "danger", disabled: true, onclick: deleteJob }, "Delete job");
  const groups = new Map(); // product page URL -> its section of cards
  const pages = h("div", { class: "url-groups" });
  document.title = "CTA job · Vitrine";

  root.append(
    h("p", { class: "crumbs" }, h("a", { href: "/" }, "CTA jobs"), " / ", h("span", {}, "Job")),
    title,
    h("div", { class: "job-head" }, state, summary, retryFailed, deleteButton),
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
    deleteButton.disabled = false;
    retryFailed.textContent = job.failedCount ? `Retry failed (${job.failedCount})` : "Retry failed";
    job.urls.forEach((row, i) => groupOf(row.url, i).update(row));
    for (const info of job.ctaInfos) applyInfo(info);
  }

  function applyInfo(info) {
    infos.set(info.id, info);
    let card = cards.get(info.id);
    if (!card) {
      card = ctaCard(info, {
        onEdit: (button) => openEditor(info.id, { push: true, opener: button }),
        onRetry: retryOne,
        onDetails: showDetails,
      });
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
    stopFollowing = api.subscribe(
      CTA_JOB_UPDATED,
      { id: jobId },
      {
        next: (data) => apply(data.ctaJobUpdated),
        complete: () => (stopFollowing = null),
        error: (error) => {
          stopFollowing = null;
          notice(`Live updates stopped: ${error.message}`, "error");
        },
      },
    );
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

  // Delete the job with its variants, after a confirmation; then back to the jobs list.
  async function deleteJob() {
    const sure = await confirmDialog({
      title: `Delete “${job.name}”?`,
      message: `Its ${job.totalCount} variant${job.totalCount === 1 ? "" : "s"}, their backgrounds and copy are deleted for good. Products read from its pages stay.`,
      goLabel: "Delete job",
      cancelLabel: "Keep it",
      opener: deleteButton,
      danger: true,
    });
    if (!sure || gone) return;
    deleteButton.disabled = true;
    try {
      await api.mutate(DELETE_CTA_JOB, { id: jobId });
      stopFollowing?.();
      stopFollowing = null;
      router.navigate("/");
    } catch (error) {
      notice(error.message, "error");
      deleteButton.disabled = false;
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
    if (history.state?.ctaDialog === infoId)
      history.back(); // we pushed it: going back keeps history tidy
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
