// A tiny DOM builder: text always goes in as text (never as HTML), so data from the server cannot inject markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replaceChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

export function formatTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// A banner for an error that belongs to no field; `role="alert"` so screen readers announce it.
export function errorBanner(error) {
  return h("div", { class: "banner error", role: "alert" }, error.message || String(error));
}

// Show the server's BAD_USER_INPUT errors beside the fields they name. Inputs carry `data-field="items[1].url"`;
// an error naming no such field goes to the form's own message area. Returns true when something was shown.
export function showFieldErrors(form, error) {
  clearFieldErrors(form);
  const formMessage = form.querySelector("[data-form-error]");
  const fieldErrors = error.fieldErrors || [];
  let first = null;
  const unplaced = [];
  for (const { field, message } of fieldErrors) {
    const input = fieldElement(form, field);
    if (!input) {
      unplaced.push(message);
      continue;
    }
    const id = `error-${field.replace(/[^a-zA-Z0-9]+/g, "-")}`;
    const note = h("p", { class: "field-error", id }, message);
    (input.closest(".field") || input.parentElement).append(note);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", id);
    first = first || input;
  }
  if (!fieldErrors.length) unplaced.push(error.message);
  if (formMessage && unplaced.length) replaceChildren(formMessage, unplaced.join(" "));
  if (first) first.focus();
  else formMessage?.focus();
  return Boolean(first || unplaced.length);
}

// The element showing `field`, or the nearest one showing a field that contains it: an error naming
// `variants[2].productImageUrls[1]` lands beside `variants[2].productImageUrls` when that is what the form shows.
export function fieldElement(form, field) {
  const tail = /(\[\d+\]|\.[^.[\]]+)$/; // the last `[n]` or `.name`
  for (let name = field; name;) {
    const found = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (found) return found;
    const shorter = name.replace(tail, "");
    if (shorter === name) break;
    name = shorter;
  }
  return null;
}

export function clearFieldErrors(form) {
  form.querySelectorAll(".field-error").forEach((note) => note.remove());
  form.querySelectorAll("[aria-invalid]").forEach((input) => {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  });
  const formMessage = form.querySelector("[data-form-error]");
  if (formMessage) formMessage.replaceChildren();
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

// A status badge: the word is the status, the tone (done, failed, running, idle) only repeats it in colour.
export function badge(label, tone, status = null) {
  return h("span", { class: `badge ${tone}`, dataset: status ? { status } : null }, label);
}

// "in 3 h 20 min", "in 5 min", "2 min ago": how far an instant is from now, in words.
export function fromNow(iso, now = Date.now()) {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60000);
  const size = Math.abs(minutes);
  const words = size >= 60 ? `${Math.floor(size / 60)} h${size % 60 ? ` ${size % 60} min` : ""}` : `${size} min`;
  if (size === 0) return "now";
  return minutes > 0 ? `in ${words}` : `${words} ago`;
}
