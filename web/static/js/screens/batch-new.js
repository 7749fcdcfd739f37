// `/batches/new`: the four-step wizard. (1) up to 100 variants, (2) 1-4 images each, (3) the settings, (4) the
// review with the server's credits estimate, then createBatch. All steps stay in one form, so the server's field
// errors (`variants[3].productImageUrls[1]`, `settings.input.purpose`) show beside their field, on their step.

import { imageStep } from "../batches/image-step.js";
import { reviewStep } from "../batches/review-step.js";
import { settingsInput, settingsStep } from "../batches/settings-step.js";
import { variantStep } from "../batches/variant-step.js";
import { clearFieldErrors, fieldElement, h, showFieldErrors } from "../dom.js";
import { followWorkspace } from "../live-list.js";
import { CREATE_BATCH } from "../operations/batches.js";

const STEPS = [
  { key: "variants", title: "Variants" },
  { key: "images", title: "Images" },
  { key: "settings", title: "Settings" },
  { key: "review", title: "Review and start" },
];

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function mount(root, { api, router }) {
  document.title = "New batch · Vitrine";
  const state = {
    products: new Map(), // product id -> product, as listed
    selected: new Map(), // variant id -> { product, variant }, in the order chosen
    candidates: new Map(), // variant id -> imageCandidates' entry
    chosen: new Map(), // variant id -> Map(image path -> signed URL)
    uploads: [],
    workflows: [],
    settings: { schemaKey: "studio", numberOfVariations: 1, input: {} },
    name: "",
  };
  let step = 0;
  let attempt = null; // { body, key }: a retried identical start reuses its idempotency key

  const onChange = () => drawNavigation();
  const parts = [
    variantStep(api, state, { onChange }),
    imageStep(api, state, { onChange }),
    settingsStep(api, state, { onChange }),
    reviewStep(api, state),
  ];
  const stepper = h("ol", { class: "stepper" });
  const stepButtons = STEPS.map((s, i) => {
    const button = h("button", { type: "button", onclick: () => go(i) }, s.title);
    stepper.append(h("li", {}, button));
    return button;
  });
  const sections = STEPS.map((s, i) =>
    h(
      "section",
      { class: "wizard-step", hidden: i !== 0, "aria-labelledby": `step-${s.key}`, dataset: { step: s.key } },
      h("h2", { id: `step-${s.key}`, tabindex: "-1" }, `${i + 1}. ${s.title}`),
      parts[i].element,
    ),
  );
  const back = h("button", { type: "button", onclick: () => go(step - 1) }, "Back");
  const next = h("button", { type: "button", class: "primary", onclick: () => go(step + 1) }, "Next");
  const start = h("button", { type: "submit", class: "primary" }, "Start batch");
  const progress = h("p", { class: "summary", role: "status" });
  const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
  const form = h(
    "form",
    { class: "wizard", "aria-labelledby": "wizard-title", novalidate: true },
    stepper,
    ...sections,
    formError,
    h("div", { class: "wizard-nav" }, progress, back, next, start),
  );
  root.append(
    h("p", { class: "crumbs" }, h("a", { href: "/batches" }, "Batches"), " / ", h("span", {}, "New")),
    h("h1", { id: "wizard-title", tabindex: "-1" }, "New batch"),
    form,
  );

  // How far a person may go: images need variants, settings need an image for every variant.
  function reachable() {
    if (!state.selected.size) return 0;
    const everyVariantHasImages =
      state.candidates.size > 0 &&
      [...state.selected.keys()].every((id) => state.candidates.has(id) && (state.chosen.get(id)?.size || 0) > 0);
    return everyVariantHasImages ? 3 : 1;
  }

  function drawNavigation() {
    const furthest = reachable();
    stepButtons.forEach((button, i) => {
      button.disabled = i > furthest;
      if (i === step) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    });
    back.hidden = step === 0;
    next.hidden = step === STEPS.length - 1;
    next.disabled = step + 1 > furthest;
    start.hidden = step !== STEPS.length - 1;
    const missing = [...state.selected.keys()].filter((id) => !(state.chosen.get(id)?.size > 0)).length;
    progress.textContent =
      step === 1 && missing
        ? `${missing} variant${missing === 1 ? "" : "s"} still without an image.`
        : `Step ${step + 1} of ${STEPS.length}: ${STEPS[step].title}.`;
  }

  async function go(index, { focus = true } = {}) {
    if (index < 0 || index >= STEPS.length || index > reachable()) return;
    step = index;
    sections.forEach((section, i) => (section.hidden = i !== step));
    drawNavigation();
    if (focus) sections[step].querySelector("h2").focus();
    await parts[step].enter?.();
    drawNavigation();
  }

  function body() {
    return {
      name: state.name.trim() || null,
      variants: [...state.selected.keys()].map((variantId) => ({
        variantId,
        productImageUrls: [...(state.chosen.get(variantId)?.values() || [])],
      })),
      settings: {
        schemaKey: state.settings.schemaKey,
        numberOfVariations: state.settings.numberOfVariations,
        input: settingsInput(state),
      },
    };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (step !== STEPS.length - 1) return; // Enter in a field of an earlier step starts nothing
    clearFieldErrors(form);
    const input = body();
    const text = JSON.stringify(input);
    if (attempt?.body !== text) attempt = { body: text, key: newKey() };
    start.disabled = true;
    start.textContent = "Starting…";
    try {
      const { createBatch } = await api.mutate(CREATE_BATCH, { input, idempotencyKey: attempt.key });
      router.navigate(`/batches/${encodeURIComponent(createBatch.id)}`);
    } catch (error) {
      // Show the step of the first field the server named, then the errors beside their fields.
      const first = error.fieldErrors?.map((e) => fieldElement(form, e.field)).find(Boolean);
      const section = first?.closest(".wizard-step");
      if (section) await go(sections.indexOf(section), { focus: false });
      showFieldErrors(form, error);
      start.disabled = false;
      start.textContent = "Start batch";
    }
  });

  drawNavigation();
  // Products and uploads made elsewhere join the wizard's lists without a reload.
  const stopWorkspace = followWorkspace(api, ["PRODUCT", "UPLOAD"], () => {
    parts[0].refresh?.();
    parts[1].refreshUploads();
  });
  return { unmount: stopWorkspace };
}
