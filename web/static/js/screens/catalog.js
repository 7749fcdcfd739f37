// `/catalog`: the workspace's products (search, import from a product page), the products CTA jobs read from
// their pages (each added to the catalog in one click), and its uploaded images. The lists follow the workspace:
// what another tab or client adds shows up without a reload.

import { badge, clearFieldErrors, errorBanner, formatTime, h, replaceChildren, showFieldErrors } from "../dom.js";
import { followWorkspace, syncRows } from "../live-list.js";
import {
  IMPORT_PRODUCT,
  PAGE_PRODUCTS,
  PRODUCTS,
  UPLOAD_IMAGE,
  UPLOAD_KINDS,
  UPLOADS,
} from "../operations/catalog.js";

const PAGE_SIZE = 24;

export function mount(root, { api }) {
  document.title = "Catalog · Vitrine";
  const products = productList(api);
  const fromPages = pageProductList(api, () => products.refresh());
  const uploads = uploadList(api);
  root.append(
    h("h1", { tabindex: "-1" }, "Catalog"),
    h("div", { class: "two-columns" }, importForm(api, products.prepend), uploadForm(api, uploads.prepend)),
    products.element,
    fromPages.element,
    uploads.element,
  );
  products.load();
  fromPages.load();
  uploads.load();
  const stopWorkspace = followWorkspace(api, ["PRODUCT", "UPLOAD"], () => {
    products.refresh();
    fromPages.load();
    uploads.load();
  });
  return { unmount: stopWorkspace };
}

// A product's page in the console: its name links there (variants, previews, folders, listing slots).
export function productLink(product) {
  return h("a", { href: `/catalog/${encodeURIComponent(product.id)}` }, product.title || "Untitled product");
}

function importForm(api, onImported) {
  const url = h("input", {
    id: "import-url",
    type: "url",
    required: true,
    "data-field": "url",
    placeholder: "https://shop.example/products/…",
  });
  const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
  const done = h("p", { role: "status", class: "muted" });
  const submit = h("button", { type: "submit", class: "primary" }, "Import");
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "import-title" },
    h("h2", { id: "import-title" }, "Import a product page"),
    h("div", { class: "field" }, h("label", { for: "import-url" }, "Product page URL"), url),
    formError,
    done,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    done.textContent = "";
    submit.disabled = true;
    submit.textContent = "Importing…";
    try {
      const { importProduct } = await api.mutate(IMPORT_PRODUCT, { url: url.value.trim() });
      onImported(importProduct);
      done.textContent = `Imported “${importProduct.title}”.`;
      form.reset();
    } catch (error) {
      showFieldErrors(form, error);
    } finally {
      submit.disabled = false;
      submit.textContent = "Import";
    }
  });
  return form;
}

function uploadForm(api, onUploaded) {
  const file = h("input", {
    id: "upload-file",
    type: "file",
    required: true,
    accept: "image/png,image/jpeg,image/webp,image/gif",
    "data-field": "file",
  });
  const kind = h(
    "select",
    { id: "upload-kind", "data-field": "kind" },
    UPLOAD_KINDS.map(({ value, label }) => h("option", { value }, label)),
  );
  const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
  const done = h("p", { role: "status", class: "muted" });
  const submit = h("button", { type: "submit", class: "primary" }, "Upload");
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "upload-title" },
    h("h2", { id: "upload-title" }, "Upload an image"),
    h("div", { class: "field" }, h("label", { for: "upload-file" }, "Image file (PNG, JPEG, WebP or GIF)"), file),
    h("div", { class: "field" }, h("label", { for: "upload-kind" }, "Kind"), kind),
    formError,
    done,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    done.textContent = "";
    const chosen = file.files[0];
    if (!chosen) return;
    submit.disabled = true;
    submit.textContent = "Uploading…";
    try {
      const { uploadImage } = await api.upload(UPLOAD_IMAGE, { file: null, kind: kind.value }, { file: chosen });
      onUploaded(uploadImage);
      done.textContent = `Uploaded ${uploadImage.originalName} (${uploadImage.width} × ${uploadImage.height}).`;
      form.reset();
    } catch (error) {
      showFieldErrors(form, error);
    } finally {
      submit.disabled = false;
      submit.textContent = "Upload";
    }
  });
  return form;
}

function productList(api) {
  const grid = h("ul", { class: "tiles" });
  const status = h("p", { class: "muted", role: "status" }, "Loading products…");
  const search = h("input", { id: "product-search", type: "search", autocomplete: "off" });
  const more = h("button", { type: "button", hidden: true }, "Load more products");
  let cursor = null;
  let total = 0;
  let searchTimer = null;

  async function load({ reset = false } = {}) {
    if (reset) {
      cursor = null;
      grid.replaceChildren();
    }
    more.disabled = true;
    try {
      const { products } = await api.query(PRODUCTS, {
        first: PAGE_SIZE,
        after: cursor,
        search: search.value.trim() || null,
      });
      grid.append(...products.edges.map(({ node }) => productTile(node)));
      cursor = products.pageInfo.endCursor;
      total = products.totalCount;
      more.hidden = !products.pageInfo.hasNextPage;
      describe();
    } catch (error) {
      replaceChildren(status, errorBanner(error));
    } finally {
      more.disabled = false;
    }
  }
  function describe() {
    status.textContent = total
      ? `${total} product${total === 1 ? "" : "s"}`
      : "No products yet: import a product page above.";
  }
  // Something changed elsewhere: read the products shown again (same search), keeping the tiles that stay.
  async function refresh() {
    try {
      const first = Math.min(100, Math.max(PAGE_SIZE, grid.children.length));
      const { products } = await api.query(PRODUCTS, { first, search: search.value.trim() || null });
      const nodes = products.edges.map(({ node }) => node);
      const tiles = new Map([...grid.children].map((tile) => [tile.dataset.productId, { element: tile }]));
      syncRows(grid, tiles, nodes, { make: (node) => ({ element: productTile(node) }) });
      cursor = products.pageInfo.endCursor;
      total = products.totalCount;
      more.hidden = !products.pageInfo.hasNextPage;
      describe();
    } catch {
      // the next signal tries again
    }
  }
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => load({ reset: true }), 250);
  });
  more.addEventListener("click", () => load());

  const element = h(
    "section",
    { "aria-labelledby": "products-title" },
    h("h2", { id: "products-title" }, "Products"),
    h("div", { class: "field inline" }, h("label", { for: "product-search" }, "Search titles"), search),
    status,
    grid,
    more,
  );
  return {
    element,
    load,
    refresh,
    prepend(product) {
      if (grid.querySelector(`[data-product-id="${CSS.escape(product.id)}"]`)) return;
      grid.prepend(productTile(product));
      total += 1;
      describe();
    },
  };
}

function productTile(product, extra = null) {
  const price = product.price ? `${product.price} ${product.currency || ""}`.trim() : "No price";
  const count = product.variants.length;
  return h(
    "li",
    { class: "tile", dataset: { productId: product.id } },
    product.primaryImageUrl
      ? h("img", { src: product.primaryImageUrl, alt: "", loading: "lazy" })
      : h("div", { class: "placeholder" }, "No image"),
    h("p", { class: "tile-title" }, productLink(product)),
    product.inCatalog
      ? h("p", { class: "muted" }, `${price} · ${count} variant${count === 1 ? "" : "s"}`)
      : h("p", {}, badge("Read from its page", "idle"), " ", h("span", { class: "muted" }, price)),
    product.sourceUrl &&
      h(
        "a",
        { href: product.sourceUrl, target: "_blank", rel: "noopener noreferrer" },
        "Product page",
        h("span", { class: "visually-hidden" }, ` of ${product.title} (opens in a new tab)`),
      ),
    extra,
  );
}

// Products CTA jobs read from their pages that are not in the catalog yet: shown apart, each added in one click
// (importProduct on its page: the same product row, given one default variant).
function pageProductList(api, onImported) {
  const grid = h("ul", { class: "tiles" });
  const status = h("p", { class: "muted", role: "status" }, "Loading products read for CTA jobs…");
  const element = h(
    "section",
    { "aria-labelledby": "page-products-title" },
    h("h2", { id: "page-products-title" }, "Read from product pages"),
    h(
      "p",
      { class: "lead" },
      "Pages your CTA jobs read. Add one to the catalog to use it in previews, batches and the listing plan.",
    ),
    status,
    grid,
  );

  function tile(product) {
    const add = h("button", { type: "button" }, "Add to catalog", h("span", { class: "visually-hidden" }, `: ${product.title}`));
    const note = h("p", { class: "muted", role: "status" });
    add.addEventListener("click", async () => {
      add.disabled = true;
      note.textContent = "Adding…";
      try {
        const { importProduct } = await api.mutate(IMPORT_PRODUCT, { url: product.sourceUrl });
        note.textContent = `Added “${importProduct.title}” to the catalog.`;
        onImported(importProduct);
        load();
      } catch (error) {
        note.textContent = error.message;
        add.disabled = false;
      }
    });
    return productTile(product, h("div", { class: "actions" }, add, note));
  }

  async function load() {
    try {
      const { pageProducts } = await api.query(PAGE_PRODUCTS, { first: 100 });
      const nodes = pageProducts.edges.map(({ node }) => node);
      const shown = new Map([...grid.children].map((t) => [t.dataset.productId, { element: t }]));
      syncRows(grid, shown, nodes, { make: (node) => ({ element: tile(node) }) });
      element.hidden = !nodes.length;
      status.textContent = `${pageProducts.totalCount} product${pageProducts.totalCount === 1 ? "" : "s"} read from their pages, not in the catalog yet`;
    } catch (error) {
      replaceChildren(status, errorBanner(error));
    }
  }
  element.hidden = true;
  return { element, load };
}

function uploadList(api) {
  const grid = h("ul", { class: "tiles" });
  const status = h("p", { class: "muted", role: "status" }, "Loading uploads…");
  const label = (kind) => UPLOAD_KINDS.find((k) => k.value === kind)?.label || kind;
  const tile = (upload) =>
    h(
      "li",
      { class: "tile", dataset: { uploadId: upload.id } },
      h("img", { src: upload.url, alt: upload.originalName, loading: "lazy" }),
      h("p", { class: "tile-title" }, upload.originalName),
      h(
        "p",
        { class: "muted" },
        `${label(upload.kind)} · ${upload.width} × ${upload.height} · ${formatTime(upload.createdAt)}`,
      ),
    );
  const element = h(
    "section",
    { "aria-labelledby": "uploads-title" },
    h("h2", { id: "uploads-title" }, "Uploads"),
    status,
    grid,
  );
  let total = 0;
  const describe = () =>
    (status.textContent = total ? `${total} upload${total === 1 ? "" : "s"}, newest first` : "No uploads yet.");
  return {
    element,
    async load() {
      try {
        const { uploads } = await api.query(UPLOADS, { first: PAGE_SIZE });
        total = uploads.totalCount;
        grid.replaceChildren(...uploads.edges.map(({ node }) => tile(node)));
        describe();
      } catch (error) {
        replaceChildren(status, errorBanner(error));
      }
    },
    prepend(upload) {
      if (grid.querySelector(`[data-upload-id="${CSS.escape(upload.id)}"]`)) return; // the same bytes again
      grid.prepend(tile(upload));
      total += 1;
      describe();
    },
  };
}
