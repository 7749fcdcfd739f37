// The wizard's third step: the workflow (batchWorkflows), how many images per variant, and the workflow's own
// fields (a choice, text, or one of the workspace's uploads), sent as `settings.input`.

import { errorBanner, h, replaceChildren } from "../dom.js";
import { BATCH_WORKFLOWS, MAX_VARIATIONS } from "../operations/batches.js";

const humane = (name) => name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, " ");
const LONG_TEXT = 500; // text fields allowing more than this get a text area

export function settingsStep(api, state, { onChange }) {
  const workflows = h("div", { class: "workflow-choices" });
  const fields = h("div", { class: "settings-fields" });
  const status = h("p", { class: "muted", role: "status" }, "Loading workflows…");
  const variations = h(
    "select",
    { id: "batch-variations", "data-field": "settings.numberOfVariations" },
    Array.from({ length: MAX_VARIATIONS }, (_, i) => h("option", { value: i + 1 }, String(i + 1))),
  );
  variations.value = String(state.settings.numberOfVariations);
  variations.addEventListener("change", () => {
    state.settings.numberOfVariations = Number(variations.value);
    onChange();
  });

  function workflow() {
    return state.workflows.find((w) => w.key === state.settings.schemaKey) || null;
  }

  function drawWorkflows() {
    workflows.replaceChildren(
      ...state.workflows.map((w) => {
        const id = `workflow-${w.key}`;
        const radio = h("input", {
          type: "radio",
          name: "workflow",
          id,
          value: w.key,
          checked: w.key === state.settings.schemaKey,
        });
        radio.addEventListener("change", () => {
          state.settings.schemaKey = w.key;
          drawFields();
          onChange();
        });
        return h(
          "div",
          { class: "workflow-choice" },
          radio,
          h("label", { for: id }, w.title, h("p", {}, w.description)),
        );
      }),
    );
  }

  function fieldControl(spec) {
    const id = `setting-${spec.name}`;
    const dataField = `settings.input.${spec.name}`;
    const value = state.settings.input[spec.name] ?? "";
    let control;
    let extra = null;
    if (spec.kind === "choice") {
      control = h(
        "select",
        { id, "data-field": dataField },
        spec.choices.map((c) => h("option", { value: c }, c)),
      );
      control.value = value || spec.choices[0];
      state.settings.input[spec.name] = control.value;
    } else if (spec.kind === "image") {
      control = h(
        "select",
        { id, "data-field": dataField },
        h("option", { value: "" }, "None"),
        state.uploads.map((u) => h("option", { value: u.url }, u.originalName)),
      );
      const known = state.uploads.find((u) => u.url === value);
      control.value = known ? value : "";
      extra = h("div", { class: "thumbs" });
      const preview = () =>
        replaceChildren(
          extra,
          control.value && h("img", { src: control.value, alt: `Chosen ${humane(spec.name).toLowerCase()}` }),
        );
      control.addEventListener("change", preview);
      preview();
    } else {
      const long = (spec.maxLength || 0) > LONG_TEXT;
      control = h(long ? "textarea" : "input", {
        id,
        "data-field": dataField,
        maxlength: spec.maxLength || null,
        rows: long ? 3 : null,
        autocomplete: "off",
      });
      control.value = value;
    }
    control.addEventListener(spec.kind === "text" ? "input" : "change", () => {
      state.settings.input[spec.name] = control.value;
      onChange();
    });
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, humane(spec.name)),
      h("p", { class: "hint", id: `${id}-hint` }, spec.description),
      control,
      extra,
    );
  }

  function drawFields() {
    const current = workflow();
    replaceChildren(fields, current ? current.fields.map(fieldControl) : null);
  }

  async function enter() {
    if (state.workflows.length) {
      drawFields(); // the uploads may have changed since
      return;
    }
    try {
      const { batchWorkflows } = await api.query(BATCH_WORKFLOWS);
      state.workflows = batchWorkflows;
      if (!workflow()) state.settings.schemaKey = batchWorkflows[0]?.key || "";
      status.textContent = "";
      drawWorkflows();
      drawFields();
      onChange();
    } catch (error) {
      replaceChildren(status, errorBanner(error));
    }
  }

  const element = h(
    "div",
    {},
    status,
    h("fieldset", { "data-field": "settings.schemaKey", tabindex: "-1" }, h("legend", {}, "Workflow"), workflows),
    h("div", { class: "field inline" }, h("label", { for: "batch-variations" }, "Images per variant"), variations),
    fields,
  );
  return { element, enter };
}

// The workflow's fields that have a value, as createBatch's `settings.input`.
export function settingsInput(state) {
  const current = state.workflows.find((w) => w.key === state.settings.schemaKey);
  const input = {};
  for (const spec of current?.fields || []) {
    const value = state.settings.input[spec.name];
    if (value !== undefined && value !== "") input[spec.name] = value;
  }
  return input;
}
