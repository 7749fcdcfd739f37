// The previews' second step: products (search, newest first), and for each the colours and sizes its variants
// come in. A preview is one variant: the chosen colours × the chosen sizes that the product really has.

import { errorBanner, h, plural, replaceChildren } from "../dom.js";
import { syncRows } from "../live-list.js";
import { PREVIEW_PRODUCTS } from "../operations/previews.js";

const PAGE_SIZE = 12;

const distinct = (values) => [...new Set(values.filter(Boolean))];

export function productPicker(api, { onChange }) {
  const picked = new Map(); // product id -> { product, colours: Set, sizes: Set, all: boolean }
  const list = h("div", { class: "product-options" });
  const status = h("p", { class: "muted", role: "status" }, "Loading products…");
  const search = h("input", { id: "preview-search", type: "search", autocomplete: "off" });
  const more = h("button", { type: "button", hidden: true }, "Load more products");
  let cursor = null;
  let searchTimer = null;

  function entryOf(product) {
    let entry = picked.get(product.id);
    if (!entry) {
      entry = { product, colours: new Set(), sizes: new Set(), all: false };
      picked.set(product.id, entry);
    }
    return entry;
  }

  function checkbox(product, group, value, label) {
    const entry = entryOf(product);
    const id = `pick-${product.id}-${group}-${value || "all"}`.replace(/[^a-zA-Z0-9_-]/g, "_");
    const set = group === "colour" ? entry.colours : entry.sizes;
    const input = h("input", { type: "checkbox", id, checked: group === "all" ? entry.all : set.has(value) });
    input.addEventListener("change", () => {
      if (group === "all") entry.all = input.checked;
      else if (input.checked) set.add(value);
      else set.delete(value);
      onChange();
    });
    return h("span", { class: "check" }, input, h("label", { for: id }, label));
  }

  function option(product) {
    const colours = distinct(product.variants.map((v) => v.color));
    const sizes = distinct(product.variants.map((v) => v.size));
    const titleId = `product-${product.id}-title`;
    const groups = [];
    if (colours.length)
      groups.push(
        h(
          "fieldset",
          { class: "checks" },
          h("legend", {}, "Colours", h("span", { class: "visually-hidden" }, ` of ${product.title}`)),
          colours.map((c) => checkbox(product, "colour", c, c)),
        ),
      );
    if (sizes.length)
      groups.push(
        h(
          "fieldset",
          { class: "checks" },
          h("legend", {}, "Sizes", h("span", { class: "visually-hidden" }, ` of ${product.title}`)),
          sizes.map((s) => checkbox(product, "size", s, s)),
        ),
      );
    if (!colours.length && !sizes.length) groups.push(checkbox(product, "all", null, `Preview ${product.title}`));
    return h(
      "article",
      { class: "card product-option", "aria-labelledby": titleId, dataset: { productId: product.id } },
      product.primaryImageUrl
        ? h("img", { src: product.primaryImageUrl, alt: "", loading: "lazy" })
        : h("div", { class: "placeholder" }, "No image"),
      h(
        "div",
        {},
        h("h3", { id: titleId }, product.title),
        h("p", { class: "muted" }, plural(product.variants.length, "variant")),
        groups,
      ),
    );
  }

  async function load({ reset = false } = {}) {
    if (reset) {
      cursor = null;
      list.replaceChildren();
    }
    more.disabled = true;
    try {
      const { products } = await api.query(PREVIEW_PRODUCTS, {
        first: PAGE_SIZE,
        after: cursor,
        search: search.value.trim() || null,
      });
      list.append(...products.edges.map(({ node }) => option(node)));
      cursor = products.pageInfo.endCursor;
      more.hidden = !products.pageInfo.hasNextPage;
      status.textContent = products.totalCount
        ? `${plural(products.totalCount, "product")}${search.value.trim() ? " found" : ""}.`
        : search.value.trim()
          ? "No product has that in its title."
          : "No products yet: add some in the catalog.";
    } catch (error) {
      replaceChildren(status, errorBanner(error));
    } finally {
      more.disabled = false;
    }
  }
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => load({ reset: true }), 250);
  });
  more.addEventListener("click", () => load());

  // The variants the choices name: [{ product, variant }], one per colour and size.
  function chosenVariants() {
    const chosen = [];
    for (const { product, colours, sizes, all } of picked.values()) {
      if (!all && !colours.size && !sizes.size) continue;
      const seen = new Set();
      for (const variant of product.variants) {
        // An unticked group means every one: "Natural" alone is Natural in every size.
        if (colours.size && !colours.has(variant.color)) continue;
        if (sizes.size && !sizes.has(variant.size)) continue;
        const key = `${(variant.color || "").toLowerCase()}|${(variant.size || "").toLowerCase()}`;
        if (seen.has(key)) continue;
        seen.add(key);
        chosen.push({ product, variant });
      }
    }
    return chosen;
  }

  const element = h(
    "section",
    { class: "step-section", "aria-labelledby": "products-title" },
    h("h2", { id: "products-title" }, "2. Products, colours and sizes"),
    h(
      "p",
      { class: "muted" },
      "Tick colours and sizes; leaving a group unticked means all of it (Natural alone: Natural in every size).",
    ),
    h("div", { class: "field inline" }, h("label", { for: "preview-search" }, "Search titles"), search),
    status,
    list,
    more,
  );
  // A product added to the catalog elsewhere: read the products shown again (same search), keeping the options
  // (and their ticks) that stay.
  async function refresh() {
    try {
      const first = Math.min(100, Math.max(PAGE_SIZE, list.children.length));
      const { products } = await api.query(PREVIEW_PRODUCTS, { first, search: search.value.trim() || null });
      const nodes = products.edges.map(({ node }) => node);
      const shown = new Map([...list.children].map((option) => [option.dataset.productId, { element: option }]));
      syncRows(list, shown, nodes, { make: (node) => ({ element: option(node) }) });
      cursor = products.pageInfo.endCursor;
      more.hidden = !products.pageInfo.hasNextPage;
      if (products.totalCount) status.textContent = `${plural(products.totalCount, "product")}${search.value.trim() ? " found" : ""}.`;
    } catch {
      // the next signal tries again
    }
  }

  load();
  return { element, chosenVariants, refresh };
}
