// Modal dialogs on the native <dialog>: focus moves in, Escape closes, the rest of the page is inert, and focus
// returns to the control that opened it. The element is removed from the page once closed.

export function openDialog(dialog, { opener = null, onClose = null } = {}) {
  const returnTo = opener || document.activeElement;
  dialog.addEventListener(
    "close",
    () => {
      dialog.remove();
      onClose?.();
      if (returnTo?.isConnected) returnTo.focus();
    },
    { once: true },
  );
  if (!dialog.isConnected) document.body.append(dialog);
  dialog.showModal();
  const first =
    dialog.querySelector("[autofocus]") ||
    dialog.querySelector("input:not([disabled]), textarea:not([disabled]), select, button");
  first?.focus();
  return dialog;
}

// Ask before something that cannot be undone. Resolves true when the person goes ahead, false on Cancel or
// Escape. Focus starts on Cancel (the safe answer); Tab moves between the two buttons, Enter or Space presses one.
export function confirmDialog({ title, message, goLabel, cancelLabel = "Cancel", opener = null, danger = false }) {
  return new Promise((resolve) => {
    let answer = false;
    const go = document.createElement("button");
    go.type = "button";
    go.className = danger ? "danger" : "primary";
    go.textContent = goLabel;
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = cancelLabel;
    cancel.autofocus = true;
    const heading = document.createElement("h2");
    heading.id = "confirm-dialog-title";
    heading.textContent = title;
    const text = document.createElement("p");
    text.id = "confirm-dialog-message";
    text.textContent = message;
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.append(go, cancel);
    const dialog = document.createElement("dialog");
    dialog.className = "modal confirm";
    dialog.setAttribute("aria-labelledby", heading.id);
    dialog.setAttribute("aria-describedby", text.id);
    dialog.append(heading, text, actions);
    go.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    cancel.addEventListener("click", () => dialog.close());
    openDialog(dialog, { opener, onClose: () => resolve(answer) });
  });
}
