// The wizard's second step: for each chosen variant, 1-4 images from its candidates (imageCandidates): its own
// image, what was generated for it, the workspace's uploads, or a new upload dropped here (multipart).

import { dropZone } from "../drop-zone.js";
import { errorBanner, h, plural, replaceChildren } from "../dom.js";
import { UPLOAD_IMAGE } from "../operations/catalog.js";
import { IMAGE_CANDIDATES, MAX_IMAGES } from "../operations/batches.js";
import { tabSet } from "../tabs.js";
import { variantLabel } from "./variant-step.js";

// Signed URLs change on every read (their expiry); the path names the image.
export const imageKey = (url) => url.split("?")[0];

export function imageStep(api, state, { onChange }) {
  const cards = h("div", { class: "variant-images" });
  const status = h("p", { class: "muted", role: "status" });
  const controllers = new Map(); // variant id -> card controller
  let loadedFor = "";

  async function enter() {
    const ids = [...state.selected.keys()];
    const wanted = ids.join(",");
    if (wanted === loadedFor) return;
    status.textContent = "Loading each variant's images…";
    try {
      const { imageCandidates } = await api.query(IMAGE_CANDIDATES, { ids });
      loadedFor = wanted;
      state.uploads = imageCandidates.uploads;
      for (const candidates of imageCandidates.variants) {
        state.candidates.set(candidates.variantId, candidates);
        const chosen = state.chosen.get(candidates.variantId) || new Map();
        // A first visit starts from the variant's own image, the usual choice.
        if (!state.chosen.has(candidates.variantId) && candidates.variantImageUrl)
          chosen.set(imageKey(candidates.variantImageUrl), candidates.variantImageUrl);
        state.chosen.set(candidates.variantId, chosen);
      }
      for (const id of state.chosen.keys()) if (!state.selected.has(id)) state.chosen.delete(id);
      draw(ids);
      status.textContent = `${plural(ids.length, "variant")}: choose 1 to ${MAX_IMAGES} images for each.`;
      onChange();
    } catch (error) {
      replaceChildren(status, errorBanner(error));
    }
  }

  function draw(ids) {
    controllers.clear();
    cards.replaceChildren(
      ...ids.map((id, index) => {
        const card = variantCard(id, index);
        controllers.set(id, card);
        return card.element;
      }),
    );
  }

  function variantCard(variantId, index) {
    const { product, variant } = state.selected.get(variantId);
    const candidates = state.candidates.get(variantId);
    const chosen = state.chosen.get(variantId);
    const titleId = `images-${variantId}`;
    const count = h("p", {
      class: "choice-count",
      role: "status",
      tabindex: "-1",
      "data-field": `variants[${index}].productImageUrls`,
    });
    const refused = h("p", { class: "form-error", role: "alert" });
    const strip = h("div", { class: "thumbs" });

    function describe() {
      count.textContent = `${chosen.size} of ${MAX_IMAGES} images chosen${chosen.size ? "" : ": choose at least one"}`;
      element.dataset.chosen = String(chosen.size);
      replaceChildren(
        strip,
        [...chosen.values()].map((url, i) => h("img", { src: url, alt: `Chosen image ${i + 1}` })),
      );
    }

    function choice(url, label, name) {
      const key = imageKey(url);
      const id = `choose-${variantId}-${name}-${key.replace(/[^a-zA-Z0-9]/g, "").slice(-24)}`;
      const input = h("input", { type: "checkbox", id, checked: chosen.has(key) });
      input.addEventListener("change", () => {
        refused.textContent = "";
        if (input.checked && chosen.size >= MAX_IMAGES) {
          input.checked = false;
          refused.textContent = `At most ${MAX_IMAGES} images per variant: untick one first.`;
          return;
        }
        if (input.checked) chosen.set(key, url);
        else chosen.delete(key);
        describe();
        onChange();
      });
      return h(
        "li",
        { class: "choice-tile" },
        input,
        h(
          "label",
          { for: id },
          h("img", { src: url, alt: "", loading: "lazy" }),
          h("span", { class: "tile-title" }, label),
        ),
      );
    }

    const tiles = (items, empty) =>
      items.length ? h("ul", { class: "choice-tiles" }, items) : h("p", { class: "muted" }, empty);

    const tabs = tabSet(
      [
        {
          key: "variant",
          label: "Variant",
          draw: (panel) =>
            panel.append(
              tiles(
                candidates?.variantImageUrl ? [choice(candidates.variantImageUrl, "The variant's image", "own")] : [],
                "This variant has no image of its own.",
              ),
            ),
        },
        {
          key: "generated",
          label: `Generated (${candidates?.generatedImages.length || 0})`,
          draw: (panel) =>
            panel.append(
              tiles(
                (candidates?.generatedImages || []).map((image, i) => choice(image.url, `Generated ${i + 1}`, "gen")),
                "Nothing has been generated for this variant yet.",
              ),
            ),
        },
        {
          key: "uploads",
          label: `Uploads (${state.uploads.length})`,
          draw: (panel) =>
            panel.append(
              tiles(
                state.uploads.map((upload) => choice(upload.url, upload.originalName, "up")),
                "No uploads yet: add one under Upload new.",
              ),
            ),
        },
        {
          key: "new",
          label: "Upload new",
          draw: (panel) =>
            panel.append(
              dropZone({
                id: `upload-${variantId}`,
                label: `Image file for ${product.title}, ${variantLabel(variant)}`,
                upload: (file) => uploadFor(file),
              }).element,
            ),
        },
      ],
      { label: `Images for ${product.title}, ${variantLabel(variant)}` },
    );

    async function uploadFor(file) {
      const { uploadImage } = await api.upload(UPLOAD_IMAGE, { file: null, kind: "PRODUCT" }, { file });
      // The same file again is the upload it already is: listed once, first (newest).
      state.uploads = [uploadImage, ...state.uploads.filter((u) => imageKey(u.url) !== imageKey(uploadImage.url))];
      const fits = chosen.size < MAX_IMAGES;
      if (fits) chosen.set(imageKey(uploadImage.url), uploadImage.url);
      describe();
      for (const card of controllers.values()) card.uploadsChanged();
      onChange();
      return fits
        ? `Uploaded ${uploadImage.originalName} and chose it for this variant.`
        : `Uploaded ${uploadImage.originalName}; it is under Uploads (this variant already has ${MAX_IMAGES}).`;
    }

    const element = h(
      "article",
      { class: "card", "aria-labelledby": titleId, dataset: { variantId } },
      h("h3", { id: titleId }, `${product.title} · ${variantLabel(variant)}`),
      h("div", { class: "field chosen-row" }, count, strip),
      refused,
      tabs.element,
    );
    describe();
    return {
      element,
      uploadsChanged() {
        tabs.setLabel("uploads", `Uploads (${state.uploads.length})`);
        tabs.invalidate("uploads");
      },
    };
  }

  // An upload made elsewhere (another tab, another client): the Uploads tabs list it without a reload.
  async function refreshUploads() {
    const ids = [...state.selected.keys()];
    if (!ids.length || !loadedFor) return;
    try {
      const { imageCandidates } = await api.query(IMAGE_CANDIDATES, { ids });
      state.uploads = imageCandidates.uploads;
      for (const card of controllers.values()) card.uploadsChanged();
    } catch {
      // the next signal tries again
    }
  }

  const element = h("div", {}, status, cards);
  return { element, enter, refreshUploads };
}
