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
