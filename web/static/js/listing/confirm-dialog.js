// The confirmation the server asks for (CONFIRMATION_REQUIRED) before a new belt unschedules products: it names
// them, and resolves true when the person goes ahead, false when they keep them (Cancel or Escape).

import { openDialog } from "../dialogs.js";
import { h } from "../dom.js";

export function confirmUnscheduling({ title, message, products, goLabel, opener }) {
  return new Promise((resolve) => {
    let answer = false;
    const go = h("button", { type: "button", class: "primary" }, goLabel);
    const keep = h("button", { type: "button", autofocus: true }, "Keep them scheduled");
    const dialog = h(
      "dialog",
      { class: "modal confirm", "aria-labelledby": "confirm-title", "aria-describedby": "confirm-message" },
      h("h2", { id: "confirm-title" }, title),
      h("p", { id: "confirm-message" }, message),
      h(
        "ul",
        { class: "unscheduled", "aria-label": "Products that would be unscheduled" },
        products.map((name) => h("li", {}, name)),
      ),
      h("div", { class: "actions" }, go, keep),
    );
    go.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    keep.addEventListener("click", () => dialog.close());
    openDialog(dialog, { opener, onClose: () => resolve(answer) });
  });
}
