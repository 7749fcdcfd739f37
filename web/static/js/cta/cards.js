// The job page's pieces: a product page's section, and one variant's card (status, images, copy, actions).

import { h, replaceChildren } from "../dom.js";
import { STATUS_LABELS } from "../operations/cta.js";
import { taskNotice } from "../retries.js";

export function shortUrl(url) {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

export function statusBadge(status) {
  const tone = status === "DONE" || status === "SCRAPED" ? "done" : status === "FAILED" ? "failed" : "running";
  return h("span", { class: `badge ${tone}`, dataset: { status } }, STATUS_LABELS[status] || status);
}

export function urlGroup(url, index) {
  const titleId = `page-${index}`;
  const status = h("span");
  const notice = taskNotice(); // "Retrying — attempt 2 of 5 at 14:05:10", or the failure in words
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
    notice.element,
    cards,
  );
  const group = { element, cards, error: null, update };
  function update(row) {
    replaceChildren(status, statusBadge(row.status));
    const failed = row.status === "FAILED";
    notice.update(row, { message: row.error, failed });
    group.error = failed ? row.error : null; // the variants failed with their page say the same: said once, here
  }
  return group;
}

function picture(url, label, failed) {
  if (!url) {
    return h("figure", {}, h("div", { class: "placeholder" }, failed ? "No image" : "Not yet"), h("figcaption", {}, label));
  }
  return h(
    "figure",
    {},
    h("img", { src: url, alt: label, loading: "lazy", referrerpolicy: "no-referrer" }),
    h("figcaption", {}, label),
  );
}

export function ctaCard(info, { onEdit, onRetry, onDetails }) {
  const titleId = `card-${info.id}`;
  const status = h("span");
  const images = h("div", { class: "images" });
  const copy = h("div", { class: "copy" });
  const notice = taskNotice();
  const editButton = h("button", { type: "button", onclick: () => onEdit(editButton) }, "Edit copy");
  const retryButton = h("button", { type: "button", onclick: () => onRetry(latest) }, "Retry");
  const detailsButton = h(
    "button",
    { type: "button", class: "link", onclick: () => onDetails(latest, detailsButton) },
    "Details",
  );
  const element = h(
    "article",
    { class: "card cta-card", "aria-labelledby": titleId, dataset: { infoId: info.id } },
    h("header", {}, h("h3", { id: titleId }, `Variant ${info.variantIndex + 1}`), status),
    images,
    copy,
    notice.element,
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
      s.headline
        ? h("p", { class: "headline", dataset: { copy: "headline" } }, s.headline)
        : h("p", { class: "muted" }, "No copy yet."),
      s.subheadline && h("p", { class: "subheadline", dataset: { copy: "subheadline" } }, s.subheadline),
      s.callToAction && h("p", {}, h("span", { class: "cta-pill", dataset: { copy: "callToAction" } }, s.callToAction)),
      s.description && h("p", { class: "description", dataset: { copy: "description" } }, s.description),
    );
    notice.update(next, { message: errorShownAbove ? null : next.errorMessage, failed });
    editButton.hidden = next.status !== "DONE";
    retryButton.hidden = next.status !== "FAILED";
  }
  return { element, update, editButton };
}
