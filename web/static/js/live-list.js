// Lists that show what another tab or client made, without a reload: they follow the workspace's signals and read
// themselves again (the signal says only "something changed"; the list query is the truth).

import { WORKSPACE_UPDATED } from "./operations/workspace.js";

const SETTLE_MS = 150; // a burst of signals (a batch, an import) becomes one read

// Calls `refresh()` when an item of one of `kinds` is created, changed or deleted in the caller's workspace, and
// whenever the subscription starts (or restarts) listening: what was made before it listened is read then, so
// nothing is missed between a list's first read and its subscription. Returns a function that stops.
export function followWorkspace(api, kinds, refresh) {
  const wanted = new Set(kinds);
  let timer = null;
  const stop = api.subscribe(
    WORKSPACE_UPDATED,
    {},
    {
      next({ workspaceUpdated: event }) {
        if (event.kind !== "WORKSPACE" && !wanted.has(event.kind)) return;
        clearTimeout(timer);
        timer = setTimeout(refresh, SETTLE_MS);
      },
      error() {}, // the lists still work; they only stop updating by themselves
    },
  );
  return () => {
    clearTimeout(timer);
    stop();
  };
}

// Put `container`'s rows in the order of `nodes` (each `{ id }`), reusing the row already shown for an id (its
// element, focus and live state stay), making the new ones and dropping the ones gone.
// `rows`: id -> { element, update?(node) }; `make(node)` -> row; `drop(id)` when a row goes.
export function syncRows(container, rows, nodes, { make, drop = () => {} }) {
  const keep = new Set(nodes.map((node) => node.id));
  for (const [id, row] of rows) {
    if (keep.has(id)) continue;
    row.element.remove();
    rows.delete(id);
    drop(id);
  }
  nodes.forEach((node, i) => {
    let row = rows.get(node.id);
    if (row) row.update?.(node);
    else rows.set(node.id, (row = make(node)));
    if (container.children[i] !== row.element) container.insertBefore(row.element, container.children[i] || null);
  });
}
