// The admin view of one variant: every field, and both background URLs as links.

import { formatTime, h } from "../dom.js";
import { statusBadge } from "./cards.js";

// The product's own page in the console (any product a variant names, in the catalog or read for the job only).
function productLink(productId, beforeLeaving) {
  return h("a", { href: `/catalog/${encodeURIComponent(productId)}`, onclick: beforeLeaving }, productId);
}

export function detailsDrawer(info) {
  const titleId = "details-title";
  const link = (url) =>
    url
      ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url)
      : h("span", { class: "muted" }, "not available");
  const rows = [
    ["Status", statusBadge(info.status)],
    ["Product page", link(info.url)],
    ["Product background", link(info.productBackgroundUrl)],
    ["Generated background", link(info.generatedBackgroundUrl)],
    ["Variant index", String(info.variantIndex)],
    [
      "Product id",
      info.productId
        ? productLink(info.productId, () => dialog.close())
        : h("span", { class: "muted" }, "not known yet"),
    ],
    ["Attempts", `${info.attempts} of ${info.maxAttempts}`],
    ["Retried by you", String(info.retryCount)],
    ["Error", info.errorMessage || h("span", { class: "muted" }, "No error")],
    ["Technical detail", info.errorDetail || h("span", { class: "muted" }, "Nothing recorded")],
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
    h(
      "dl",
      { class: "details" },
      rows.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
    ),
  );
  return dialog;
}
