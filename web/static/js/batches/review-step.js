// The wizard's last step: every variant with the thumbnails of its chosen images, the settings, the name, and
// the server's credits estimate (estimateBatchCredits) before anything starts.

import { errorBanner, h, plural, replaceChildren } from "../dom.js";
import { ESTIMATE_CREDITS } from "../operations/batches.js";
import { settingsInput } from "./settings-step.js";
import { variantLabel } from "./variant-step.js";

export function reviewStep(api, state) {
  const name = h("input", { id: "batch-name", maxlength: 200, autocomplete: "off", "data-field": "name" });
  name.addEventListener("input", () => (state.name = name.value));
  const estimate = h("p", { class: "estimate", role: "status", "aria-live": "polite" });
  const settings = h("dl", { class: "details" });
  const rows = h("tbody");
  let asked = 0;

  async function enter() {
    const workflow = state.workflows.find((w) => w.key === state.settings.schemaKey);
    const input = settingsInput(state);
    const uploadName = (url) => state.uploads.find((u) => u.url === url)?.originalName || "an upload";
    replaceChildren(
      settings,
      h("dt", {}, "Workflow"),
      h("dd", {}, workflow ? workflow.title : state.settings.schemaKey),
      h("dt", {}, "Images per variant"),
      h("dd", {}, String(state.settings.numberOfVariations)),
      Object.entries(input).map(([key, value]) => {
        const spec = workflow?.fields.find((f) => f.name === key);
        return [
          h("dt", {}, key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, " ")),
          h("dd", {}, spec?.kind === "image" ? uploadName(value) : value),
        ];
      }),
    );
    replaceChildren(
      rows,
      [...state.selected.values()].map(({ product, variant }) => {
        const chosen = [...(state.chosen.get(variant.id)?.values() || [])];
        return h(
          "tr",
          { dataset: { variantId: variant.id } },
          h("th", { scope: "row" }, product.title, h("br"), h("span", { class: "muted" }, variantLabel(variant))),
          h("td", {}, plural(chosen.length, "image")),
          h(
            "td",
            {},
            h(
              "div",
              { class: "thumbs" },
              chosen.map((url, i) => h("img", { src: url, alt: `Chosen image ${i + 1} of ${variantLabel(variant)}` })),
            ),
          ),
        );
      }),
    );
    const call = ++asked;
    estimate.textContent = "Asking the server for the estimate…";
    try {
      const variantCount = state.selected.size;
      const { estimateBatchCredits } = await api.query(ESTIMATE_CREDITS, {
        variantCount,
        numberOfVariations: state.settings.numberOfVariations,
      });
      if (call !== asked) return;
      replaceChildren(
        estimate,
        "This batch makes ",
        plural(variantCount * state.settings.numberOfVariations, "image"),
        " and costs ",
        h("strong", { dataset: { credits: estimateBatchCredits } }, plural(estimateBatchCredits, "credit")),
        ".",
      );
    } catch (error) {
      replaceChildren(estimate, errorBanner(error));
    }
  }

  const element = h(
    "div",
    {},
    h(
      "div",
      { class: "field" },
      h("label", { for: "batch-name" }, "Name ", h("span", { class: "muted" }, "(optional)")),
      name,
    ),
    estimate,
    settings,
    h("h3", {}, "Variants and their images"),
    h(
      "table",
      { class: "review-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Variant"),
          h("th", { scope: "col" }, "Images"),
          h("th", { scope: "col" }, "Chosen"),
        ),
      ),
      rows,
    ),
  );
  return { element, enter };
}
