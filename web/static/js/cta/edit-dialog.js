// The edit dialog of one variant's copy; the server's field errors (`suggestion.headline`) show beside the field.

import { clearFieldErrors, h, showFieldErrors } from "../dom.js";
import { COPY_FIELDS, STATUS_LABELS } from "../operations/cta.js";
import { shortUrl } from "./cards.js";

export function editDialog(info, { save }) {
  const titleId = "edit-title";
  const inputs = {};
  const fields = COPY_FIELDS.map(({ key, label, maxlength, multiline }) => {
    const id = `edit-${key}`;
    const input = multiline
      ? h("textarea", { id, name: key, maxlength, rows: 5, "data-field": `suggestion.${key}` })
      : h("input", { id, name: key, maxlength, "data-field": `suggestion.${key}`, autocomplete: "off" });
    inputs[key] = input;
    return h("div", { class: "field" }, h("label", { for: id }, label), input);
  });
  const pending = h("p", { class: "banner info", role: "status" });
  const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
  const saveButton = h("button", { type: "submit", class: "primary" }, "Save");
  const form = h(
    "form",
    { "data-field": "id" },
    h("h2", { id: titleId }, `Edit copy · Variant ${info.variantIndex + 1}`),
    h("p", { class: "muted" }, shortUrl(info.url)),
    pending,
    ...fields,
    formError,
    h(
      "div",
      { class: "actions" },
      saveButton,
      h("button", { type: "button", onclick: () => dialog.close() }, "Cancel"),
    ),
  );
  const dialog = h("dialog", { class: "modal", "aria-labelledby": titleId, dataset: { infoId: info.id } }, form);
  let filled = false;

  function sync(next) {
    const done = next.status === "DONE";
    pending.hidden = done;
    pending.textContent = done
      ? ""
      : `This variant is ${STATUS_LABELS[next.status].toLowerCase()}; its copy can be edited once it is done.`;
    for (const input of Object.values(inputs)) input.disabled = !done;
    saveButton.disabled = !done;
    if (done && !filled) {
      // Fill once: a live update must not overwrite what the person is typing.
      filled = true;
      for (const [key, input] of Object.entries(inputs)) input.value = next.suggestion?.[key] || "";
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const suggestion = Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, input.value]));
    saveButton.disabled = true;
    saveButton.textContent = "Saving…";
    try {
      await save(suggestion);
      dialog.close();
    } catch (error) {
      showFieldErrors(form, error);
    } finally {
      saveButton.disabled = false;
      saveButton.textContent = "Save";
    }
  });

  sync(info);
  return { infoId: info.id, dialog, sync, closedByAddress: false };
}
