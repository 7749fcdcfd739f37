// `/listing`: the store accounts, each with its rule and where it publishes, and the form for a new one (its
// time zone, a CATALOG or WEBHOOK publisher, and what to do with slots missed while the server was down).

import { badge, clearFieldErrors, errorBanner, h, replaceChildren, showFieldErrors } from "../dom.js";
import { followWorkspace } from "../live-list.js";
import { CREATE_STORE_ACCOUNT, MISSED_SLOTS, PUBLISHERS, STORE_ACCOUNTS } from "../operations/listing.js";

export function mount(root, { api, router }) {
  document.title = "Listing plan · Vitrine";
  const tbody = h("tbody");
  const status = h("p", { class: "muted", role: "status" }, "Loading store accounts…");

  root.append(
    h("h1", { tabindex: "-1" }, "Listing plan"),
    h(
      "p",
      { class: "lead" },
      "Per store account, a rule “N a day” keeps a belt of N slots over the next 24 hours. Fill slots with products; when a slot's time comes the server writes the listing and publishes it.",
    ),
    h(
      "section",
      { "aria-labelledby": "accounts-title" },
      h("h2", { id: "accounts-title" }, "Store accounts"),
      h(
        "table",
        { class: "jobs" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Account", "Time zone", "Rule", "Publishes to", "Missed slots"].map((t) => h("th", { scope: "col" }, t)),
          ),
        ),
        tbody,
      ),
      status,
    ),
    accountForm(api, router),
  );

  async function load() {
    try {
      const { storeAccounts } = await api.query(STORE_ACCOUNTS);
      replaceChildren(tbody, storeAccounts.map(accountRow));
      tbody.closest("table").hidden = !storeAccounts.length;
      status.textContent = storeAccounts.length
        ? `${storeAccounts.length} account${storeAccounts.length === 1 ? "" : "s"}.`
        : "No store accounts yet: add one below.";
    } catch (error) {
      replaceChildren(status, errorBanner(error));
    }
  }
  load();
  // An account added or deleted elsewhere (another tab, another client): read the list again.
  const stopWorkspace = followWorkspace(api, ["STORE_ACCOUNT"], load);
  return { unmount: stopWorkspace };
}

export function ruleBadge(rule) {
  if (!rule) return badge("No rule yet", "idle");
  return rule.enabled
    ? badge(`${rule.itemsPerDay} a day, on`, "done")
    : badge(`${rule.itemsPerDay} a day, paused`, "idle");
}

export function publisherText(publisher) {
  return publisher.kind === "WEBHOOK" ? `Webhook: ${publisher.url}` : "Catalog (written back to the product)";
}

function accountRow(account) {
  return h(
    "tr",
    { dataset: { accountId: account.id } },
    h("th", { scope: "row" }, h("a", { href: `/listing/${encodeURIComponent(account.id)}` }, account.name)),
    h("td", {}, account.timezone),
    h("td", {}, ruleBadge(account.rule)),
    h("td", {}, h("span", { class: "muted" }, publisherText(account.publisher))),
    h("td", {}, MISSED_SLOTS.find((m) => m.value === account.missedSlots)?.label || account.missedSlots),
  );
}

function radios(name, legend, options, field) {
  return h(
    "fieldset",
    { class: "field", "data-field": field, tabindex: "-1" },
    h("legend", {}, legend),
    options.map(({ value, label, hint }, i) => {
      const id = `${name}-${value}`;
      return h(
        "div",
        { class: "check" },
        h("input", { type: "radio", name, id, value, checked: i === 0 }),
        h("label", { for: id }, label, h("span", { class: "muted" }, ` — ${hint}`)),
      );
    }),
  );
}

function zones() {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

function accountForm(api, router) {
  const name = h("input", {
    id: "account-name",
    maxlength: 100,
    required: true,
    autocomplete: "off",
    "data-field": "name",
  });
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const timezone = h("input", {
    id: "account-timezone",
    required: true,
    list: "timezones",
    value: here,
    autocomplete: "off",
    "data-field": "timezone",
  });
  const list = h(
    "datalist",
    { id: "timezones" },
    zones().map((zone) => h("option", { value: zone })),
  );
  const url = h("input", {
    id: "account-url",
    type: "url",
    placeholder: "https://store.example/hooks/listings",
    "data-field": "publisher.url",
  });
  const secret = h("input", {
    id: "account-secret",
    type: "password",
    minlength: 16,
    autocomplete: "new-password",
    "data-field": "publisher.secret",
  });
  const webhook = h(
    "div",
    { class: "webhook-fields", hidden: true },
    h("div", { class: "field" }, h("label", { for: "account-url" }, "Webhook URL"), url),
    h(
      "div",
      { class: "field" },
      h("label", { for: "account-secret" }, "Signing secret"),
      h(
        "p",
        { class: "hint" },
        "16 to 256 characters; every body is signed with it (X-Vitrine-Signature). It is never shown again.",
      ),
      secret,
    ),
  );
  const publisher = radios("publisher", "Publish to", PUBLISHERS, "publisher.kind");
  const missed = radios("missed", "Slots missed while the server was down", MISSED_SLOTS, "missedSlots");
  const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
  const submit = h("button", { type: "submit", class: "primary" }, "Add account");
  const form = h(
    "form",
    { class: "card narrow-form", "aria-labelledby": "new-account-title", novalidate: true },
    h("h2", { id: "new-account-title" }, "New store account"),
    h("div", { class: "field" }, h("label", { for: "account-name" }, "Name"), name),
    h(
      "div",
      { class: "field" },
      h("label", { for: "account-timezone" }, "Time zone"),
      h("p", { class: "hint" }, "An IANA zone such as Europe/Berlin: slot times are wall-clock times there."),
      timezone,
      list,
    ),
    publisher,
    webhook,
    missed,
    formError,
    h("div", { class: "actions" }, submit),
  );
  const chosen = (group) => group.querySelector("input:checked").value;
  publisher.addEventListener("change", () => (webhook.hidden = chosen(publisher) !== "WEBHOOK"));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const kind = chosen(publisher);
    const input = {
      name: name.value,
      timezone: timezone.value.trim(),
      missedSlots: chosen(missed),
      publisher: kind === "WEBHOOK" ? { kind, url: url.value.trim(), secret: secret.value } : { kind },
    };
    submit.disabled = true;
    try {
      const { createStoreAccount } = await api.mutate(CREATE_STORE_ACCOUNT, { input });
      router.navigate(`/listing/${encodeURIComponent(createStoreAccount.id)}`);
    } catch (error) {
      showFieldErrors(form, error);
      submit.disabled = false;
    }
  });
  return form;
}
