// The wizard's first step: up to 100 variants, chosen by product (search, newest first). The choice keeps its
// order, which is the order of `variants[i]` in createBatch (and so of the server's field errors).

import { errorBanner, h, plural, replaceChildren } from "../dom.js";
import { syncRows } from "../live-list.js";
import { MAX_VARIANTS, VARIANT_PRODUCTS } from "../operations/batches.js";

const PAGE_SIZE = 10;

export function variantLabel(variant) {
  return variant.title || [variant.color, variant.size].filter(Boolean).join(" · ") || "Default";
}

export function variantStep(api, state, { onChange }) {
  const groups = h("div", { class: "variant-groups" });
  const status = h("p", { class: "muted", role: "status" }, "Loading products…");
  const count = h("p", {
    class: "summary",
    role: "status",
    "aria-live": "polite",
    "data-field": "variants",
    tabindex: "-1",
  });
  const search = h("input", { id: "variant-search", type: "search", autocomplete: "off" });
  const more = h("button", { type: "button", hidden: true }, "Load more products");
  const boxes = new Map(); // variant id -> [checkbox] (a product shown twice after a search keeps both in step)
  const allBoxes = new Map(); // product id -> "all of this product" checkbox
  let cursor = null;
  let searchTimer = null;

  function sync() {
    const full = state.selected.size >= MAX_VARIANTS;
    for (const [variantId, inputs] of boxes) {
      for (const input of inputs) {
        input.checked = state.selected.has(variantId);
        input.disabled = full && !input.checked;
      }
    }
    for (const [productId, input] of allBoxes) {
      const product = state.products.get(productId);
      const chosen = product.variants.filter((v) => state.selected.has(v.id)).length;
      input.checked = chosen > 0 && chosen === product.variants.length;
      input.indeterminate = chosen > 0 && chosen < product.variants.length;
    }
    count.textContent = `${state.selected.size} of at most ${MAX_VARIANTS} variants chosen${full ? " (the most a batch takes)" : ""}.`;
    onChange();
  }

  function toggle(product, variant, on) {
    if (on && state.selected.size < MAX_VARIANTS) state.selected.set(variant.id, { product, variant });
    if (!on) state.selected.delete(variant.id);
  }

  function group(product) {
    state.products.set(product.id, product);
    const allId = `all-${product.id}`;
    const all = h("input", { type: "checkbox", id: allId });
    allBoxes.set(product.id, all);
    all.addEventListener("change", () => {
      for (const variant of product.variants) toggle(product, variant, all.checked);
      sync();
    });
    const checks = product.variants.map((variant) => {
      const id = `variant-${variant.id}-${boxes.get(variant.id)?.length || 0}`;
      const input = h("input", { type: "checkbox", id, value: variant.id });
      boxes.set(variant.id, [...(boxes.get(variant.id) || []), input]);
      input.addEventListener("change", () => {
        toggle(product, variant, input.checked);
        sync();
      });
      return h("span", { class: "check" }, input, h("label", { for: id }, variantLabel(variant)));
    });
    return h(
      "fieldset",
      { class: "variant-group", dataset: { productId: product.id } },
      h(
        "legend",
        {},
        product.primaryImageUrl && h("img", { src: product.primaryImageUrl, alt: "" }),
        h(
          "span",
          {},
          product.title,
          " ",
          h("span", { class: "muted" }, `(${plural(product.variants.length, "variant")})`),
        ),
      ),
      h(
        "div",
        { class: "checks-row" },
        h("span", { class: "check" }, all, h("label", { for: allId }, "All of ", product.title)),
        checks,
      ),
    );
  }

  async function load({ reset = false } = {}) {
    if (reset) {
      cursor = null;
      groups.replaceChildren();
      boxes.clear();
      allBoxes.clear();
    }
    more.disabled = true;
    try {
      const term = search.value.trim();
      const { products } = await api.query(VARIANT_PRODUCTS, { first: PAGE_SIZE, after: cursor, search: term || null });
      groups.append(...products.edges.map(({ node }) => group(node)));
      cursor = products.pageInfo.endCursor;
      more.hidden = !products.pageInfo.hasNextPage;
      status.textContent = products.totalCount
        ? `${plural(products.totalCount, "product")}${term ? " found" : ""}.`
        : term
          ? "No product has that in its title."
          : "No products yet: add some in the catalog first.";
      sync();
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

  const element = h(
    "div",
    {},
    h(
      "p",
      { class: "muted" },
      "Each chosen variant becomes one generation job. Its images are chosen in the next step.",
    ),
    h("div", { class: "field inline" }, h("label", { for: "variant-search" }, "Search products"), search),
    status,
    groups,
    more,
    h("div", { class: "field" }, count),
  );
  // A product added elsewhere (another tab, another client): read the products shown again (same search),
  // keeping the groups (and their ticks) already shown.
  async function refresh() {
    try {
      const term = search.value.trim();
      const first = Math.min(100, Math.max(PAGE_SIZE, groups.children.length));
      const { products } = await api.query(VARIANT_PRODUCTS, { first, search: term || null });
      const nodes = products.edges.map(({ node }) => node);
      const shown = new Map([...groups.children].map((g) => [g.dataset.productId, { element: g }]));
      syncRows(groups, shown, nodes, { make: (node) => ({ element: group(node) }) });
      cursor = products.pageInfo.endCursor;
      more.hidden = !products.pageInfo.hasNextPage;
      if (products.totalCount) status.textContent = `${plural(products.totalCount, "product")}${term ? " found" : ""}.`;
      sync();
    } catch {
      // the next signal tries again
    }
  }

  load();
  return { element, sync, refresh };
}
