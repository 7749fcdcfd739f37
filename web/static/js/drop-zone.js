// A place to drop image files, with a labelled file input inside for the keyboard and for those who prefer it.
// Each file is handed to `upload(file)`, which sends it (multipart) and returns the words to show when it is in.

import { h } from "./dom.js";

export const IMAGE_TYPES = "image/png,image/jpeg,image/webp,image/gif";

export function dropZone({ id, label, upload, multiple = false }) {
  const input = h("input", { id, type: "file", accept: IMAGE_TYPES, multiple, "data-field": "file" });
  const status = h("p", { class: "muted drop-status", role: "status" });
  const error = h("p", { class: "form-error", role: "alert" });
  const element = h(
    "div",
    { class: "drop-zone field" },
    h("p", { class: "drop-hint", "aria-hidden": "true" }, "Drop an image here"),
    h("label", { for: id }, label),
    input,
    h("p", { class: "hint" }, "PNG, JPEG, WebP or GIF."),
    status,
    error,
  );
  let busy = false;

  async function send(files) {
    if (busy || !files.length) return;
    busy = true;
    element.classList.add("busy");
    error.textContent = "";
    try {
      for (const file of multiple ? files : files.slice(0, 1)) {
        status.textContent = `Uploading ${file.name}…`;
        status.textContent = await upload(file);
      }
    } catch (failure) {
      status.textContent = "";
      error.textContent = failure.message;
    } finally {
      busy = false;
      element.classList.remove("busy");
      input.value = "";
    }
  }

  input.addEventListener("change", () => send([...input.files]));
  element.addEventListener("dragenter", (event) => {
    event.preventDefault();
    element.classList.add("over");
  });
  element.addEventListener("dragover", (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    element.classList.add("over");
  });
  element.addEventListener("dragleave", (event) => {
    if (!element.contains(event.relatedTarget)) element.classList.remove("over");
  });
  element.addEventListener("drop", (event) => {
    event.preventDefault();
    element.classList.remove("over");
    send([...(event.dataTransfer?.files || [])].filter((file) => file.type.startsWith("image/") || !file.type));
  });
  return { element, input };
}
