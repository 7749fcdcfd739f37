// `/listing/<accountId>`: one account's plan, live (listingPlanUpdated). The belt of the coming 24 hours, a product
// deployed into the first empty slot, slots removed, the rule changed or the plan reset (with the confirmation
// the server asks for when products would be unscheduled), and the listed log.

import { followWorkspace } from "../live-list.js";
import { beltView } from "../listing/belt.js";
import { confirmUnscheduling } from "../listing/confirm-dialog.js";
import { productNames } from "../listing/product-names.js";
import {
  clearFieldErrors,
  errorBanner,
  formatTime,
  fromNow,
  h,
  plural,
  replaceChildren,
  showFieldErrors,
} from "../dom.js";
import {
  DEPLOY_PRODUCT,
  LISTING_PLAN,
  LISTING_PLAN_UPDATED,
  LISTING_PRODUCTS,
  MAX_ITEMS_PER_DAY,
  MISSED_SLOTS,
  REMOVE_SLOT,
  RETRY_SLOT,
  RESET_LISTING_PLAN,
  SET_SCHEDULING_RULE,
  wallClock,
} from "../operations/listing.js";
import { publisherText, ruleBadge } from "./listing-accounts.js";

const PRODUCT_CHOICES = 50;

export function mount(root, { params, api }) {
  const accountId = params.accountId;
  const names = productNames(api);
  let plan = null;
  let stopFollowing = null;
  let gone = false;
  let ruleTouched = false; // the person is editing the rule: live updates leave the inputs alone

  const title = h("h1", { tabindex: "-1" }, "Listing plan");
  const facts = h("p", { class: "muted" });
  const rule = h("span");
  const summary = h("p", { class: "summary", role: "status", "aria-live": "polite" });
  const notices = h("div", { class: "notices", "aria-live": "polite" });
  const beltTitle = h("h2", { id: "belt-title", tabindex: "-1" }, "The next 24 hours");
  const belt = beltView({ names, onRemove: remove, onRetry: retrySlot });
  const listed = h("ol", { class: "listed" });
  const listedStatus = h("p", { class: "muted", role: "status" });
  const deploy = deployForm();
  const ruleForm = ruleSettings();
  document.title = "Listing plan · Vitrine";

  root.append(
    h("p", { class: "crumbs" }, h("a", { href: "/listing" }, "Listing plan"), " / ", h("span", {}, "Account")),
    title,
    facts,
    h("div", { class: "plan-head" }, rule, summary),
    notices,
    h("section", { "aria-labelledby": "belt-title" }, beltTitle, belt.element),
    h("div", { class: "plan-forms" }, deploy.element, ruleForm.element),
    h(
      "section",
      { "aria-labelledby": "listed-title" },
      h("h2", { id: "listed-title" }, "Listed"),
      listedStatus,
      listed,
    ),
  );

  function notice(message, tone = "info") {
    replaceChildren(
      notices,
      h("div", { class: `banner ${tone}`, role: tone === "error" ? "alert" : "status" }, message),
    );
  }

  async function apply(next) {
    plan = next;
    await names.ask([...plan.slots.map((s) => s.productId), ...plan.listed.map((l) => l.productId)].filter(Boolean));
    if (gone || plan !== next) return;
    const { account } = plan;
    document.title = `${account.name} · Listing plan · Vitrine`;
    title.textContent = account.name;
    root.querySelector(".crumbs span").textContent = account.name;
    const missed =
      MISSED_SLOTS.find((m) => m.value === account.missedSlots)?.label.toLowerCase() || account.missedSlots;
    facts.textContent = `Times in ${account.timezone} · publishes to ${publisherText(account.publisher)} · missed slots: ${missed}`;
    replaceChildren(rule, ruleBadge(account.rule));
    beltTitle.textContent = `The next 24 hours (${account.timezone} time)`;
    describe();
    belt.show(plan.slots);
    ruleForm.sync(account.rule);
    deploy.sync();
    drawListed();
  }

  function describe() {
    if (!plan) return;
    // Filled: a product waits for its time or is being published (a failed or missed slot holds none any more).
    const filled = plan.slots.filter((s) => s.status === "SCHEDULED" || s.status === "PROCESSING").length;
    const failed = plan.slots.filter((s) => s.status === "FAILED").length;
    const empty = plan.slots.filter((s) => s.status === "EMPTY").length;
    const parts = [`${plural(plan.slots.length, "slot")}: ${filled} filled, ${empty} empty`];
    if (failed) parts.push(`${failed} failed`);
    if (plan.nextRunAt) {
      const next = plan.slots.find((s) => s.scheduledAt === plan.nextRunAt && s.productId);
      parts.push(
        `next listing ${next ? wallClock(next.localTime) : formatTime(plan.nextRunAt)} (${fromNow(plan.nextRunAt)})`,
      );
    } else if (plan.account.rule && !plan.account.rule.enabled) parts.push("the rule is paused: nothing goes out");
    else if (plan.account.rule) parts.push("nothing scheduled yet");
    summary.textContent = plan.account.rule ? parts.join(" · ") : "No rule yet: set how many products a day below.";
  }

  function drawListed() {
    listedStatus.textContent = plan.listed.length
      ? `${plural(plan.listed.length, "listing")}, newest first.`
      : "Nothing listed yet.";
    replaceChildren(
      listed,
      plan.listed.map((item) =>
        h(
          "li",
          { dataset: { listedId: item.id } },
          h("img", { src: item.imageUrl, alt: "", loading: "lazy" }),
          h(
            "div",
            {},
            h("p", { class: "tile-title" }, item.title),
            h("p", { class: "muted" }, `Slot ${wallClock(item.localTime)} · listed ${formatTime(item.listedAt)}`),
            item.publishedUrl &&
              h(
                "p",
                {},
                h("a", { href: item.publishedUrl, target: "_blank", rel: "noopener noreferrer" }, "In the store"),
              ),
          ),
        ),
      ),
    );
  }

  async function remove(slot, button) {
    button.disabled = true;
    try {
      const { removeSlot } = await api.mutate(REMOVE_SLOT, { slotId: slot.id });
      await apply(removeSlot);
      const what = slot.productId
        ? `Removed ${names.title(slot.productId)}; its slot is empty again.`
        : "Slot deleted; a new one was added at the end.";
      notice(what);
    } catch (error) {
      notice(error.message, "error");
    } finally {
      button.disabled = false;
      if (!button.isConnected) beltTitle.focus();
    }
  }

  async function retrySlot(slot, button) {
    button.disabled = true;
    try {
      const { retrySlot: next } = await api.mutate(RETRY_SLOT, { slotId: slot.id });
      await apply(next);
      notice(`${names.title(slot.productId)} goes out again at once, or right after the listing under way.`);
    } catch (error) {
      notice(error.message, "error");
    } finally {
      button.disabled = false;
      if (!button.isConnected) beltTitle.focus();
    }
  }

  // A change that lays a new belt: asked plainly first, and again with confirm: true once the person agrees.
  async function withConfirmation(send, { title: dialogTitle, goLabel, opener }) {
    try {
      return await send(false);
    } catch (error) {
      if (error.code !== "CONFIRMATION_REQUIRED") throw error;
      const ids = error.errors[0].extensions?.products || [];
      await names.ask(ids);
      const go = await confirmUnscheduling({
        title: dialogTitle,
        message: `${plural(ids.length, "scheduled product")} would be taken off the belt:`,
        products: ids.map((id) => names.title(id)),
        goLabel,
        opener,
      });
      return go ? await send(true) : null;
    }
  }

  function deployForm() {
    const search = h("input", { id: "deploy-search", type: "search", autocomplete: "off" });
    const select = h("select", { id: "deploy-product", "data-field": "productId", required: true });
    const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
    const submit = h("button", { type: "submit", class: "primary" }, "Deploy to the first empty slot");
    const form = h(
      "form",
      { class: "card", "aria-labelledby": "deploy-title" },
      h("h2", { id: "deploy-title" }, "Deploy a product"),
      h("div", { class: "field" }, h("label", { for: "deploy-search" }, "Find a product"), search),
      h("div", { class: "field" }, h("label", { for: "deploy-product" }, "Product"), select),
      formError,
      h("div", { class: "actions", "data-field": "accountId" }, submit),
    );
    let timer = null;
    let choices = [];

    async function load() {
      try {
        const { products } = await api.query(LISTING_PRODUCTS, {
          first: PRODUCT_CHOICES,
          search: search.value.trim() || null,
        });
        choices = products.edges.map(({ node }) => node);
        names.remember(choices);
        sync();
      } catch (error) {
        replaceChildren(formError, error.message);
      }
    }

    // Products already on the belt are not offered again (a product is on a belt once).
    function sync() {
      const onBelt = new Set((plan?.slots || []).map((s) => s.productId).filter(Boolean));
      const previous = select.value;
      const offered = choices.filter((p) => !onBelt.has(p.id));
      replaceChildren(
        select,
        offered.length
          ? offered.map((p) => h("option", { value: p.id }, p.title))
          : h("option", { value: "" }, choices.length ? "Every product found is on the belt" : "No products found"),
      );
      if (offered.some((p) => p.id === previous)) select.value = previous;
      const empty = (plan?.slots || []).some((s) => s.status === "EMPTY");
      submit.disabled = !offered.length || !empty;
      submit.title = empty ? "" : "The belt has no empty slot";
    }

    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(load, 250);
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      if (!select.value) return;
      submit.disabled = true;
      try {
        const productId = select.value;
        const { deployProduct } = await api.mutate(DEPLOY_PRODUCT, { accountId, productId });
        await apply(deployProduct);
        const slot = deployProduct.slots.find((s) => s.productId === productId);
        notice(`Deployed ${names.title(productId)} to ${slot ? wallClock(slot.localTime) : "the belt"}.`);
      } catch (error) {
        showFieldErrors(form, error);
      } finally {
        sync();
      }
    });
    load();
    return { element: form, sync, load };
  }

  function ruleSettings() {
    const count = h("input", {
      id: "rule-items",
      type: "number",
      min: 1,
      max: MAX_ITEMS_PER_DAY,
      required: true,
      class: "narrow",
      "data-field": "itemsPerDay",
    });
    const enabled = h("input", { id: "rule-enabled", type: "checkbox", checked: true });
    const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
    const save = h("button", { type: "submit", class: "primary" }, "Save rule");
    const reset = h("button", { type: "button" }, "Reset the plan");
    const form = h(
      "form",
      { class: "card", "aria-labelledby": "rule-title" },
      h("h2", { id: "rule-title" }, "Rule"),
      h("div", { class: "field inline" }, h("label", { for: "rule-items" }, "Products a day"), count),
      h(
        "p",
        { class: "hint" },
        `1 to ${MAX_ITEMS_PER_DAY}: one slot every 24 h ÷ N, the first a few minutes from now.`,
      ),
      h("div", { class: "check" }, enabled, h("label", { for: "rule-enabled" }, "On (publish when slots come due)")),
      formError,
      h("div", { class: "actions", "data-field": "accountId" }, save, reset),
    );
    for (const input of [count, enabled]) input.addEventListener("input", () => (ruleTouched = true));

    function sync(current) {
      reset.disabled = !current;
      if (ruleTouched) return;
      count.value = current ? String(current.itemsPerDay) : "4";
      enabled.checked = current ? current.enabled : true;
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      save.disabled = true;
      const itemsPerDay = Number(count.value);
      try {
        const result = await withConfirmation(
          async (confirm) =>
            (await api.mutate(SET_SCHEDULING_RULE, { accountId, itemsPerDay, enabled: enabled.checked, confirm }))
              .setSchedulingRule,
          { title: "Change the rule?", goLabel: "Unschedule them and change the rule", opener: save },
        );
        if (result) {
          ruleTouched = false;
          await apply(result);
          notice(`The rule is now ${itemsPerDay} a day, ${enabled.checked ? "on" : "paused"}.`);
        } else {
          ruleTouched = false;
          sync(plan.account.rule);
          notice("Nothing changed: the scheduled products stay on the belt.");
        }
      } catch (error) {
        showFieldErrors(form, error);
      } finally {
        save.disabled = false;
      }
    });

    reset.addEventListener("click", async () => {
      clearFieldErrors(form);
      reset.disabled = true;
      try {
        const result = await withConfirmation(
          async (confirm) => (await api.mutate(RESET_LISTING_PLAN, { accountId, confirm })).resetListingPlan,
          { title: "Reset the plan?", goLabel: "Unschedule them and reset", opener: reset },
        );
        if (result) {
          await apply(result);
          notice("The plan was reset: a fresh belt of empty slots.");
        } else notice("Nothing changed: the scheduled products stay on the belt.");
      } catch (error) {
        showFieldErrors(form, error);
      } finally {
        reset.disabled = !plan?.account.rule;
      }
    });
    return { element: form, sync };
  }

  function follow() {
    stopFollowing = api.subscribe(
      LISTING_PLAN_UPDATED,
      { accountId },
      {
        next: (data) => apply(data.listingPlanUpdated),
        complete: () => (stopFollowing = null),
        error: (error) => {
          stopFollowing = null;
          notice(`Live updates stopped: ${error.message}`, "error");
        },
      },
    );
  }

  const clock = setInterval(() => {
    belt.tick();
    describe();
  }, 30_000);

  (async () => {
    try {
      const { listingPlan } = await api.query(LISTING_PLAN, { accountId });
      if (gone) return;
      await apply(listingPlan);
      follow();
    } catch (error) {
      if (gone) return;
      const missing = error.code === "NOT_FOUND";
      replaceChildren(
        root,
        h("p", { class: "crumbs" }, h("a", { href: "/listing" }, "Listing plan")),
        h("h1", { tabindex: "-1" }, missing ? "Store account not found" : "This plan cannot be shown"),
        errorBanner(missing ? { message: "No store account of yours has this address." } : error),
      );
    }
  })();

  // A product added to the catalog elsewhere (another tab, another client) is offered without a reload.
  const stopWorkspace = followWorkspace(api, ["PRODUCT"], () => deploy.load());

  return {
    unmount() {
      gone = true;
      clearInterval(clock);
      stopFollowing?.();
      stopWorkspace();
    },
  };
}
