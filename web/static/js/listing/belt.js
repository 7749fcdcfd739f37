// The belt: every slot of the plan in time order, full or empty, at its wall-clock time in the account's zone,
// with its status in words, its error, and the one action that fits it. Slots are kept by id, so a live update
// changes what changed and keeps the keyboard where it was.

import { badge, fromNow, h, replaceChildren } from "../dom.js";
import { SLOT_STATUS, wallClock } from "../operations/listing.js";
import { taskNotice } from "../retries.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export function beltView({ names, onRemove, onRetry }) {
  const list = h("ol", { class: "belt" });
  const line = h("div", { class: "belt-line", "aria-hidden": "true" });
  const scale = h("div", { class: "belt-scale", "aria-hidden": "true" });
  const slots = new Map(); // slot id -> controller
  let latest = [];

  function show(next) {
    latest = next;
    const seen = new Set();
    const elements = next.map((slot, index) => {
      seen.add(slot.id);
      let controller = slots.get(slot.id);
      if (!controller) {
        controller = slotItem(slot, { names, onRemove, onRetry });
        slots.set(slot.id, controller);
      }
      controller.update(slot, index);
      return controller.element;
    });
    for (const id of [...slots.keys()]) if (!seen.has(id)) slots.delete(id);
    const same = elements.length === list.children.length && elements.every((el, i) => list.children[i] === el);
    if (!same) {
      const focused = document.activeElement;
      list.replaceChildren(...elements);
      if (focused && focused.isConnected && focused !== document.activeElement) focused.focus();
    }
    drawLine();
  }

  function drawLine() {
    const now = Date.now();
    replaceChildren(
      line,
      latest.map((slot) => {
        const at = Math.min(Math.max((new Date(slot.scheduledAt).getTime() - now) / DAY_MS, 0), 1);
        const kind =
          slot.status === "EMPTY" ? "" : slot.status === "FAILED" || slot.status === "MISSED" ? "failed" : "full";
        return h("span", { class: kind, dataset: { at: String(at) } });
      }),
    );
    // Positions through CSSOM: the shell's content security policy forbids inline style attributes.
    for (const mark of line.children) mark.style.left = `calc(${mark.dataset.at} * (100% - 1.4rem) + 0.7rem)`;
    replaceChildren(
      scale,
      h("span", {}, "now"),
      h("span", {}, "+6 h"),
      h("span", {}, "+12 h"),
      h("span", {}, "+18 h"),
      h("span", {}, "+24 h"),
    );
  }

  return {
    element: h("div", {}, line, scale, list),
    show,
    // The relative times ("in 2 h 10 min") move on.
    tick() {
      for (const controller of slots.values()) controller.tick();
      drawLine();
    },
  };
}

function slotItem(slot, { names, onRemove, onRetry }) {
  const time = h("time");
  const when = h("p", { class: "muted" });
  const status = h("span");
  const product = h("div", { class: "product" });
  const notice = taskNotice(); // "Retrying — attempt 2 of 6 at 14:05:10", or the failure in words
  const missed = h("p", { class: "muted" });
  const retry = h("button", { type: "button", hidden: true }, "Retry");
  const action = h("button", { type: "button" });
  const element = h(
    "li",
    { class: "slot", dataset: { slotId: slot.id } },
    h("header", {}, time, status),
    when,
    product,
    notice.element,
    missed,
    h("div", { class: "actions" }, retry, action),
  );
  let latest = slot;
  action.addEventListener("click", () => onRemove(latest, action));
  retry.addEventListener("click", () => onRetry(latest, retry));

  function update(next, index) {
    latest = next;
    element.dataset.status = next.status;
    element.setAttribute(
      "aria-label",
      `Slot ${index + 1}, ${wallClock(next.localTime)}, ${SLOT_STATUS[next.status]?.label || next.status}`,
    );
    time.dateTime = next.scheduledAt;
    time.textContent = wallClock(next.localTime, { withDay: false });
    const look = SLOT_STATUS[next.status] || { label: next.status, tone: "running" };
    replaceChildren(status, badge(look.label, look.tone, next.status));
    const found = next.productId ? names.get(next.productId) : null;
    replaceChildren(
      product,
      next.productId
        ? [
            found?.primaryImageUrl && h("img", { src: found.primaryImageUrl, alt: "" }),
            h(
              "a",
              { href: `/catalog/${encodeURIComponent(next.productId)}`, dataset: { productId: next.productId } },
              names.title(next.productId),
            ),
          ]
        : h("span", { class: "muted" }, "Empty"),
    );
    notice.update(next, { message: next.error, failed: next.status === "FAILED" });
    missed.textContent = next.status === "MISSED" ? next.error || "" : "";
    missed.hidden = !missed.textContent;
    const what = next.productId ? names.title(next.productId) : "empty slot";
    retry.hidden = next.status !== "FAILED";
    retry.setAttribute("aria-label", `Retry publishing ${what} at ${wallClock(next.localTime)}`);
    const label = {
      SCHEDULED: ["Remove", `Remove ${what} from ${wallClock(next.localTime)}`],
      EMPTY: ["Delete slot", `Delete slot at ${wallClock(next.localTime)} (empty)`], // starts with what it shows
      FAILED: ["Dismiss", `Dismiss the failed slot at ${wallClock(next.localTime)}`],
      MISSED: ["Dismiss", `Dismiss the missed slot at ${wallClock(next.localTime)}`],
    }[next.status];
    action.hidden = !label;
    if (label) {
      action.textContent = label[0];
      action.setAttribute("aria-label", label[1]);
    }
    tick();
  }

  function tick() {
    const day = wallClock(latest.localTime).replace(/,?\s*\d{2}:\d{2}$/, "");
    when.textContent = `${day} · ${fromNow(latest.scheduledAt)}`;
  }

  return { element, update, tick };
}
