// `/catalog/<productId>`: one product. Its variants (colour, size, mockup), for each variant the images batches
// generated for it and its folders, the previews of the product, and the listing slots it sits in. A product a
// CTA job read from its page (not in the catalog yet) says so and can be added in one click.

import { badge, errorBanner, formatTime, h, plural, replaceChildren } from "../dom.js";
import { followWorkspace } from "../live-list.js";
import { IMPORT_PRODUCT, PRODUCT_PAGE, PRODUCT_VARIANT_IMAGES, VARIANT_FOLDERS } from "../operations/catalog.js";

const PREVIEW_TONES = { COMPLETED: "done", FAILED: "failed", PENDING: "idle", PROCESSING: "running" };
const SLOT_TONES = { SCHEDULED: "idle", PROCESSING: "running", FAILED: "failed", MISSED: "failed", EMPTY: "idle" };

export function mount(root, { params, api }) {
  const productId = params.productId;
  let gone = false;
  let reading = null;
  document.title = "Product · Vitrine";
  const crumbName = h("span", {}, "Product");
  const title = h("h1", { tabindex: "-1" }, "Product");
  const body = h("div", { class: "product-page" }, h("p", { class: "muted", role: "status" }, "Loading the product…"));
  root.append(h("p", { class: "crumbs" }, h("a", { href: "/catalog" }, "Catalog"), " / ", crumbName), title, body);

  async function load() {
    try {
      const { product } = await api.query(PRODUCT_PAGE, { id: productId });
      if (gone) return;
      if (!product) throw Object.assign(new Error("This product does not exist."), { code: "NOT_FOUND" });
      const ids = product.variants.map((v) => v.id);
      const [generated, folders] = await Promise.all([
        ids.length ? api.query(PRODUCT_VARIANT_IMAGES, { ids }) : { imageCandidates: { variants: [] } },
        Promise.all(ids.map((variantId) => api.query(VARIANT_FOLDERS, { variantId }))),
      ]);
      if (gone) return;
      const images = new Map(generated.imageCandidates.variants.map((v) => [v.variantId, v.generatedImages]));
      const foldersOf = new Map(ids.map((id, i) => [id, folders[i].folders]));
      show(product, images, foldersOf);
    } catch (error) {
      if (gone) return;
      const missing = error.code === "NOT_FOUND";
      document.title = `${missing ? "Product not found" : "Product"} · Vitrine`;
      title.textContent = missing ? "Product not found" : "This product cannot be shown";
      replaceChildren(body, errorBanner(missing ? { message: "No product of yours has this address." } : error));
    }
  }

  function show(product, images, foldersOf) {
    const name = product.title || "Untitled product";
    document.title = `${name} · Vitrine`;
    title.textContent = name;
    crumbName.textContent = name;
    replaceChildren(
      body,
      summary(product),
      variantsSection(product, images, foldersOf),
      previewsSection(product),
      slotsSection(product),
    );
  }

  function summary(product) {
    const price = product.price ? `${product.price} ${product.currency || ""}`.trim() : "No price";
    const facts = h(
      "p",
      { class: "summary" },
      product.inCatalog ? badge("In the catalog", "done") : badge("Read from its page", "idle"),
      " ",
      price,
      product.brand ? ` · ${product.brand}` : "",
      product.sku ? ` · SKU ${product.sku}` : "",
    );
    const source =
      product.sourceUrl &&
      h(
        "p",
        { class: "muted" },
        "Its page: ",
        h("a", { href: product.sourceUrl, target: "_blank", rel: "noopener noreferrer" }, product.sourceUrl),
      );
    const parts = [
      product.primaryImageUrl && h("img", { class: "product-hero", src: product.primaryImageUrl, alt: "" }),
      h("div", {}, facts, source, product.description && h("p", { class: "description" }, product.description)),
    ];
    if (!product.inCatalog && product.sourceUrl) parts.push(addToCatalog(product));
    return h("section", { class: "card product-summary", "aria-label": "Summary" }, parts);
  }

  function addToCatalog(product) {
    const note = h("p", { class: "muted", role: "status" });
    const add = h("button", { type: "button", class: "primary" }, "Add to catalog");
    add.addEventListener("click", async () => {
      add.disabled = true;
      note.textContent = "Adding…";
      try {
        await api.mutate(IMPORT_PRODUCT, { url: product.sourceUrl });
        note.textContent = "Added to the catalog.";
        await load();
      } catch (error) {
        note.textContent = error.message;
        add.disabled = false;
      }
    });
    return h(
      "div",
      { class: "add-to-catalog" },
      h(
        "p",
        {},
        "A CTA job read this product from its page. Add it to the catalog (with one default variant) to use it in previews, batches and the listing plan.",
      ),
      add,
      note,
    );
  }

  function variantsSection(product, images, foldersOf) {
    const list = product.variants.length
      ? h(
          "ul",
          { class: "variant-cards" },
          product.variants.map((variant) => variantCard(variant, images.get(variant.id) || [], foldersOf.get(variant.id) || [])),
        )
      : h("p", { class: "muted" }, "No variants yet.");
    return h(
      "section",
      { "aria-labelledby": "variants-title" },
      h("h2", { id: "variants-title" }, `Variants (${product.variants.length})`),
      list,
    );
  }

  function variantCard(variant, generated, folders) {
    const name = variant.title || [variant.color, variant.size].filter(Boolean).join(" / ") || "Default";
    const headingId = `variant-${variant.id}`;
    return h(
      "li",
      { class: "card variant-card", "aria-labelledby": headingId, dataset: { variantId: variant.id } },
      h("h3", { id: headingId }, name),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "Colour"),
        h("dd", {}, variant.color || "—"),
        h("dt", {}, "Size"),
        h("dd", {}, variant.size || "—"),
      ),
      variant.imageUrl
        ? h("img", { class: "mockup", src: variant.imageUrl, alt: `Mockup of ${name}`, loading: "lazy" })
        : h("div", { class: "placeholder" }, "No mockup"),
      h("h4", {}, `Generated images (${generated.length})`),
      generated.length
        ? h(
            "ul",
            { class: "thumbs" },
            generated.map((image, i) =>
              h(
                "li",
                {},
                h(
                  "a",
                  { href: image.url, target: "_blank", rel: "noopener noreferrer" },
                  h("img", { src: image.url, alt: `Generated image ${i + 1} of ${name}`, loading: "lazy" }),
                ),
              ),
            ),
          )
        : h("p", { class: "muted" }, "None yet: batches that include this variant make them."),
      h("h4", {}, `Folders (${folders.length})`),
      folders.length
        ? h(
            "ul",
            { class: "folder-list" },
            folders.map((folder) =>
              h(
                "li",
                {},
                folder.batchId ? h("a", { href: `/batches/${encodeURIComponent(folder.batchId)}` }, folder.name) : folder.name,
                " ",
                h("span", { class: "muted" }, plural(folder.items.length, "image")),
              ),
            ),
          )
        : h("p", { class: "muted" }, "No folder yet: a batch gives the variant one."),
    );
  }

  function previewsSection(product) {
    const tiles = product.previews.map((task) => {
      const tone = PREVIEW_TONES[task.status] || "idle";
      const what = [task.color, task.size].filter(Boolean).join(" / ") || "Default";
      return h(
        "li",
        { class: "tile", dataset: { previewId: task.id } },
        task.resultUrl
          ? h("img", { src: task.resultUrl, alt: `Preview on ${what}`, loading: "lazy" })
          : h("div", { class: "placeholder" }, task.status === "FAILED" ? "Failed" : "Rendering…"),
        h("p", { class: "tile-title" }, what),
        h("p", {}, badge(task.status[0] + task.status.slice(1).toLowerCase(), tone, task.status)),
        h("p", { class: "muted" }, formatTime(task.createTime)),
        h("a", { href: `/previews?work=${encodeURIComponent(task.workId)}` }, "Open the work's previews"),
      );
    });
    return h(
      "section",
      { "aria-labelledby": "previews-title" },
      h("h2", { id: "previews-title" }, `Previews (${product.previews.length})`),
      tiles.length ? h("ul", { class: "tiles" }, tiles) : h("p", { class: "muted" }, "No previews of this product yet."),
    );
  }

  function slotsSection(product) {
    const rows = product.listingSlots.map((slot) =>
      h(
        "tr",
        { dataset: { slotId: slot.id } },
        h("th", { scope: "row" }, h("a", { href: `/listing/${encodeURIComponent(slot.account.id)}` }, slot.account.name)),
        h("td", {}, h("time", { datetime: slot.scheduledAt }, wallClock(slot.localTime)), ` (${slot.account.timezone})`),
        h("td", {}, badge(slot.status[0] + slot.status.slice(1).toLowerCase(), SLOT_TONES[slot.status] || "idle", slot.status)),
      ),
    );
    return h(
      "section",
      { "aria-labelledby": "slots-title" },
      h("h2", { id: "slots-title" }, `Listing slots (${product.listingSlots.length})`),
      rows.length
        ? h(
            "table",
            { class: "jobs" },
            h(
              "thead",
              {},
              h("tr", {}, ["Account", "Time", "Status"].map((t) => h("th", { scope: "col" }, t))),
            ),
            h("tbody", {}, rows),
          )
        : h("p", { class: "muted" }, "Not on any listing belt."),
    );
  }

  load();
  const stopWorkspace = followWorkspace(api, ["PRODUCT", "BATCH", "STORE_ACCOUNT", "PREVIEW", "LISTING_PLAN"], () => {
    if (!reading) reading = load().finally(() => (reading = null));
  });
  return {
    unmount() {
      gone = true;
      stopWorkspace();
    },
  };
}

// A slot's wall-clock time in its account's zone ("2026-12-07T14:25:00" -> "Dec 7, 2026, 2:25 PM").
function wallClock(localTime) {
  const date = new Date(`${localTime.slice(0, 19)}Z`);
  if (Number.isNaN(date.getTime())) return localTime;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
}
