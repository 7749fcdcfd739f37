// The preview grid: one tile per product variant asked for, filled in as its render finishes (the subscription
// sends every change), saying when the answer came from the cache.

import { badge, formatTime, h, replaceChildren } from "../dom.js";
import { PREVIEW_STATUS, isFinal } from "../operations/previews.js";
import { taskNotice } from "../retries.js";

export function previewGrid() {
  const summary = h("p", { class: "summary", role: "status", "aria-live": "polite" });
  const bar = h("progress", { max: 1, value: 0, hidden: true, "aria-hidden": "true" });
  const groups = h("div", { class: "preview-groups" });
  const tiles = new Map(); // task id -> [tile controller]
  let all = [];

  function show(entries) {
    // entries: [{ product, variant, task }] in the order asked
    tiles.clear();
    all = [];
    groups.replaceChildren();
    const byProduct = new Map();
    for (const entry of entries) {
      let group = byProduct.get(entry.product.id);
      if (!group) {
        const titleId = `grid-${entry.product.id}`;
        group = h("ul", { class: "tiles preview-tiles" });
        byProduct.set(entry.product.id, group);
        groups.append(
          h(
            "section",
            { class: "preview-group", "aria-labelledby": titleId },
            h("h3", { id: titleId }, entry.product.title),
            group,
          ),
        );
      }
      const tile = previewTile(entry);
      group.append(tile.element);
      all.push(tile);
      tiles.set(entry.task.id, [...(tiles.get(entry.task.id) || []), tile]);
    }
    describe();
  }

  function update(task) {
    for (const tile of tiles.get(task.id) || []) tile.update(task);
    describe();
  }

  // The cache of a work was cleared: its finished renders are forgotten by the server, so no tile of it may still
  // say "from cache" or "kept until …" (the next request renders them again).
  function forget(workId) {
    for (const tile of all) if (!workId || tile.task().workId === workId) tile.forget();
    describe();
  }

  function describe() {
    if (!all.length) {
      summary.textContent = "";
      bar.hidden = true;
      return;
    }
    const tasks = all.map((tile) => tile.task());
    const ready = tasks.filter((t) => t.status === "COMPLETED").length;
    const failed = tasks.filter((t) => t.status === "FAILED").length;
    const cached = all.filter((tile) => tile.cached).length;
    const parts = [`${ready} of ${all.length} ready`];
    if (cached) parts.push(`${cached} from the cache`);
    if (failed) parts.push(`${failed} failed`);
    const running = all.length - ready - failed;
    if (running) parts.push(`${running} rendering`);
    summary.textContent = parts.join(" · ");
    bar.hidden = false;
    bar.max = all.length;
    bar.value = ready + failed;
  }

  return {
    element: h("div", { class: "preview-grid" }, h("div", { class: "progress-cell" }, bar, summary), groups),
    show,
    update,
    forget,
    pendingIds: () => [...tiles.keys()].filter((id) => !isFinal(tiles.get(id)[0].task())),
  };
}

function previewTile({ product, variant, task }) {
  const caption = [variant.color, variant.size].filter(Boolean).join(" · ") || variant.title || product.title;
  const picture = h("div", { class: "preview-picture" });
  const status = h("p", { class: "tile-status" });
  const bar = h("progress", { max: 100, value: 0, "aria-label": `Progress of ${caption}` });
  const note = h("p", { class: "muted tile-note" });
  const notice = taskNotice(); // "Retrying — attempt 2 of 4 at 14:05:10", or the failure in words
  const element = h(
    "li",
    { class: "tile preview-tile", dataset: { taskId: task.id } },
    picture,
    h("p", { class: "tile-title" }, caption),
    status,
    bar,
    note,
    notice.element,
  );
  const tile = { element, cached: task.cached, task: () => latest, update, forget };
  let latest = task;
  let shown = null;
  let cleared = false;

  function forget() {
    if (latest.status !== "COMPLETED") return; // running renders are left to finish, and cached when they do
    tile.cached = false;
    cleared = true;
    update(latest);
  }

  function update(next) {
    latest = next;
    element.dataset.status = next.status;
    const look = PREVIEW_STATUS[next.status] || { label: next.status, tone: "running" };
    const label = next.status === "PROCESSING" ? `${look.label} ${next.progress} %` : look.label;
    replaceChildren(
      status,
      badge(label, look.tone, next.status),
      tile.cached && " ",
      tile.cached && badge("From cache", "cached"),
    );
    bar.value = next.status === "COMPLETED" ? 100 : next.progress;
    bar.hidden = isFinal(next);
    const url = next.status === "COMPLETED" ? next.resultUrl : variant.imageUrl;
    if (url !== shown) {
      shown = url;
      replaceChildren(
        picture,
        url
          ? h("img", {
              src: url,
              alt: next.status === "COMPLETED" ? `${product.title}, ${caption}, with the work` : "",
              class: next.status === "COMPLETED" ? "" : "waiting",
              loading: "lazy",
            })
          : h("div", { class: "placeholder" }, "Not yet"),
      );
    }
    if (next.status !== "COMPLETED") cleared = false;
    note.textContent =
      next.status === "COMPLETED" && cleared
        ? "Rendered; cleared from the cache (asking again renders it anew)"
        : next.status === "COMPLETED" && next.expiresAt
          ? `${tile.cached ? "Cached render" : "Rendered"}, kept until ${formatTime(next.expiresAt)}`
          : "";
    notice.update(next, { message: next.errorMessage, failed: next.status === "FAILED" });
  }
  update(task);
  return tile;
}
