// `/batches`: the workspace's batches, newest first, their counts live while they run.

import { badge, errorBanner, formatTime, h, plural, replaceChildren } from "../dom.js";
import { followWorkspace, syncRows } from "../live-list.js";
import { BATCHES, BATCH_COUNTS_UPDATED, BATCH_STATUS, batchProgress } from "../operations/batches.js";

const PAGE_SIZE = 20;

export function mount(root, { api }) {
  document.title = "Batches · Vitrine";
  const subscriptions = new Map();
  const rows = new Map();
  const tbody = h("tbody");
  const status = h("p", { class: "muted", role: "status" }, "Loading batches…");
  const more = h("button", { type: "button", hidden: true }, "Load more batches");
  let cursor = null;

  root.append(
    h(
      "div",
      { class: "page-head" },
      h("h1", { tabindex: "-1" }, "Batches"),
      h("a", { href: "/batches/new", class: "button" }, "New batch"),
    ),
    h(
      "p",
      { class: "lead" },
      "Up to 100 catalog variants at a time, each generated from the 1 to 4 images you choose; every image lands in the variant's folder and the batch's.",
    ),
    h(
      "table",
      { class: "jobs" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Name", "Created", "Progress", "Status", "Credits"].map((title) => h("th", { scope: "col" }, title)),
        ),
      ),
      tbody,
    ),
    status,
    more,
  );

  function follow(batch) {
    if (batch.isCompleted || subscriptions.has(batch.id)) return;
    subscriptions.set(
      batch.id,
      api.subscribe(
        BATCH_COUNTS_UPDATED,
        { id: batch.id },
        {
          next: (data) => rows.get(batch.id)?.update(data.batchUpdated),
          complete: () => subscriptions.delete(batch.id),
          error: () => subscriptions.delete(batch.id),
        },
      ),
    );
  }

  async function load() {
    more.disabled = true;
    try {
      const { batches } = await api.query(BATCHES, { first: PAGE_SIZE, after: cursor });
      for (const { node } of batches.edges) {
        const row = batchRow(node);
        rows.set(node.id, row);
        tbody.append(row.element);
        follow(node);
      }
      showPage(batches);
    } catch (error) {
      replaceChildren(status, errorBanner(error));
    } finally {
      more.disabled = false;
    }
  }

  function showPage(batches) {
    cursor = batches.pageInfo.endCursor;
    more.hidden = !batches.pageInfo.hasNextPage;
    status.textContent = batches.totalCount
      ? plural(batches.totalCount, "batch", "batches")
      : "No batches yet: start one with New batch.";
  }

  // A batch started elsewhere (another tab, another client): read the pages shown again.
  async function refresh() {
    try {
      const first = Math.min(100, Math.max(PAGE_SIZE, rows.size));
      const { batches } = await api.query(BATCHES, { first });
      const nodes = batches.edges.map(({ node }) => node);
      syncRows(tbody, rows, nodes, {
        make: (node) => batchRow(node),
        drop: (id) => {
          subscriptions.get(id)?.();
          subscriptions.delete(id);
        },
      });
      nodes.forEach(follow);
      showPage(batches);
    } catch {
      // the next signal tries again
    }
  }
  more.addEventListener("click", load);
  load();
  const stopWorkspace = followWorkspace(api, ["BATCH"], refresh);

  return {
    unmount() {
      stopWorkspace();
      for (const stop of subscriptions.values()) stop();
    },
  };
}

function batchRow(batch) {
  const progressText = h("span");
  const bar = h("progress", { max: 1, value: 0, "aria-hidden": "true" });
  const state = h("span");
  const element = h(
    "tr",
    { dataset: { batchId: batch.id } },
    h("th", { scope: "row" }, h("a", { href: `/batches/${encodeURIComponent(batch.id)}` }, batch.name)),
    h("td", {}, formatTime(batch.createdAt)),
    h("td", {}, h("div", { class: "progress-cell" }, bar, progressText)),
    h("td", {}, state),
    h("td", {}, String(batch.credits)),
  );
  function update(current) {
    progressText.textContent = batchProgress(current);
    bar.max = Math.max(current.totalJobs, 1);
    bar.value = current.doneJobs + current.failedJobs;
    const look = BATCH_STATUS[current.status] || { label: current.status, tone: "running" };
    replaceChildren(state, badge(look.label, look.tone, current.status));
  }
  update(batch);
  return { element, update };
}
