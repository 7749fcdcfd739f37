// Sign-in with an API token (kept in this browser). In local mode on loopback nobody needs it.

import { h } from "../dom.js";

export function mountSignIn(root, { message, attempt, onCancel }) {
  document.title = "Sign in · Vitrine";
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": "token-hint",
  });
  const error = h("p", { class: "form-error", role: "alert", tabindex: "-1" }, message || "");
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h(
    "form",
    { class: "card narrow", "aria-labelledby": "sign-in-title" },
    h("h1", { id: "sign-in-title", tabindex: "-1" }, "Sign in"),
    h("div", { class: "field" }, h("label", { for: "token" }, "API token"), input),
    h(
      "p",
      { id: "token-hint", class: "hint" },
      "Paste the token ",
      h("code", {}, "make run"),
      " printed, or create one with ",
      h("code", {}, "vitrine create-token --email you@shop.example"),
      ".",
    ),
    error,
    h("div", { class: "actions" }, submit, onCancel && h("button", { type: "button", onclick: onCancel }, "Cancel")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = "";
    try {
      const refusal = await attempt(input.value.trim());
      if (refusal) {
        error.textContent = refusal;
        input.setAttribute("aria-invalid", "true");
        input.focus();
      }
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(form);
  input.focus();
}
