// `/`: the CTA jobs, their counts live, and the form for a new job (product page URLs × variants).

import { clearFieldErrors, errorBanner, formatTime, h, replaceChildren, showFieldErrors } from "../dom.js";
import { followWorkspace, syncRows } from "../live-list.js";
import { CREATE_CTA_JOB, CTA_JOB_COUNTS_UPDATED, CTA_JOBS, jobProgress, jobState } from "../operations/cta.js";

const PAGE_SIZE = 20;

export function mount(root, { api, router }) {
  document.title = "CTA jobs · Vitrine";
  const subscriptions = new Map(); // job id -> unsubscribe
  const rows = new Map(); // job id -> row controller
  const tbody = h("tbody");
  const listStatus = h("p", { class: "muted", role: "status" }, "Loading jobs…");
  const more = h("button", { type: "button", hidden: true }, "Load more jobs");
  let cursor = null;

  root.append(
    h("h1", { tabindex: "-1" }, "CTA jobs"),
    h(
      "p",
      { class: "lead" },
      "Give product page URLs and how many variants each; every page is scraped once and each variant gets its own background and copy.",
    ),
    newJobForm(api, router),
    h(
      "section",
      { "aria-labelledby": "jobs-title" },
      h("h2", { id: "jobs-title" }, "Jobs"),
      h(
        "table",
        { class: "jobs" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Name"),
            h("th", { scope: "col" }, "Created"),
            h("th", { scope: "col" }, "Progress"),
            h("th", { scope: "col" }, "Status"),
          ),
        ),
        tbody,
      ),
      listStatus,
      more,
    ),
  );

  function follow(job) {
    if (job.isCompleted || subscriptions.has(job.id)) return;
    const stop = api.subscribe(
      CTA_JOB_COUNTS_UPDATED,
      { id: job.id },
      {
        next: (data) => rows.get(job.id)?.update(data.ctaJobUpdated),
        complete: () => subscriptions.delete(job.id),
        error: () => subscriptions.delete(job.id),
      },
    );
    subscriptions.set(job.id, stop);
  }

  async function load() {
    more.disabled = true;
    try {
      const { ctaJobs } = await api.query(CTA_JOBS, { first: PAGE_SIZE, after: cursor });
      for (const { node } of ctaJobs.edges) {
        const row = jobRow(node);
        rows.set(node.id, row);
        tbody.append(row.element);
        follow(node);
      }
      showPage(ctaJobs);
    } catch (error) {
      replaceChildren(listStatus, errorBanner(error));
    } finally {
      more.disabled = false;
    }
  }

  function showPage(ctaJobs) {
    cursor = ctaJobs.pageInfo.endCursor;
    more.hidden = !ctaJobs.pageInfo.hasNextPage;
    listStatus.textContent = ctaJobs.totalCount
      ? `${ctaJobs.totalCount} job${ctaJobs.totalCount === 1 ? "" : "s"}`
      : "No jobs yet: create one above.";
  }

  // A job made or deleted elsewhere (another tab, another client): read the pages shown again.
  async function refresh() {
    try {
      const first = Math.min(100, Math.max(PAGE_SIZE, rows.size));
      const { ctaJobs } = await api.query(CTA_JOBS, { first });
      const nodes = ctaJobs.edges.map(({ node }) => node);
      syncRows(tbody, rows, nodes, {
        make: (node) => jobRow(node),
        drop: (id) => {
          subscriptions.get(id)?.();
          subscriptions.delete(id);
        },
      });
      nodes.forEach(follow);
      showPage(ctaJobs);
    } catch {
      // the next signal tries again
    }
  }
  more.addEventListener("click", load);
  load();
  const stopWorkspace = followWorkspace(api, ["CTA_JOB"], refresh);

  return {
    unmount() {
      stopWorkspace();
      for (const stop of subscriptions.values()) stop();
    },
  };
}

function jobRow(job) {
  const progressText = h("span");
  const bar = h("progress", { max: 1, value: 0, "aria-hidden": "true" });
  const status = h("span", { class: "badge" });
  const element = h(
    "tr",
    { dataset: { jobId: job.id } },
    h("th", { scope: "row" }, h("a", { href: `/cta/${encodeURIComponent(job.id)}` }, job.name)),
    h("td", {}, formatTime(job.createdAt)),
    h("td", {}, h("div", { class: "progress-cell" }, bar, progressText)),
    h("td", {}, status),
  );
  function update(current) {
    progressText.textContent = jobProgress(current);
    bar.max = Math.max(current.totalCount, 1);
    bar.value = current.successCount + current.failedCount;
    const state = jobState(current);
    status.textContent = state.label;
    status.className = `badge ${state.tone}`;
  }
  update(job);
  return { element, update };
}

function newJobForm(api, router) {
  const rows = h("div", { class: "url-rows" });
  const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
  const name = h("input", { id: "job-name", name: "name", maxlength: 200, "data-field": "name", autocomplete: "off" });
  const submit = h("button", { type: "submit", class: "primary" }, "Create job");
  const addButton = h("button", { type: "button", onclick: () => addRow("", 1, true) }, "Add another URL");
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "new-job-title" },
    h("h2", { id: "new-job-title" }, "New job"),
    h("fieldset", { class: "field", "data-field": "items" }, h("legend", {}, "Product pages"), rows, addButton),
    h(
      "div",
      { class: "field" },
      h("label", { for: "job-name" }, "Name ", h("span", { class: "muted" }, "(optional)")),
      name,
    ),
    formError,
    h("div", { class: "actions" }, submit),
  );

  function renumber() {
    [...rows.children].forEach((row, i) => {
      const [urlInput, variantsInput] = row.querySelectorAll("input");
      const [urlLabel, variantsLabel] = row.querySelectorAll("label");
      urlInput.id = `item-${i}-url`;
      urlInput.dataset.field = `items[${i}].url`;
      urlLabel.htmlFor = urlInput.id;
      urlLabel.textContent = `Product page URL ${i + 1}`;
      variantsInput.id = `item-${i}-variants`;
      variantsInput.dataset.field = `items[${i}].variants`;
      variantsLabel.htmlFor = variantsInput.id;
      variantsLabel.replaceChildren("Variants", h("span", { class: "visually-hidden" }, ` for URL ${i + 1}`));
      const remove = row.querySelector("button");
      remove.hidden = rows.children.length === 1;
      remove.setAttribute("aria-label", `Remove URL ${i + 1}`);
    });
  }

  function addRow(url = "", variants = 1, focus = false) {
    const urlInput = h("input", {
      type: "url",
      required: true,
      placeholder: "https://shop.example/products/…",
      value: url,
    });
    const variantsInput = h("input", {
      type: "number",
      min: 1,
      max: 10,
      required: true,
      value: variants,
      class: "narrow",
    });
    const row = h(
      "div",
      { class: "url-row" },
      h("div", { class: "field grow" }, h("label"), urlInput),
      h("div", { class: "field" }, h("label"), variantsInput),
      h("button", { type: "button", class: "link remove", onclick: () => removeRow(row) }, "Remove"),
    );
    rows.append(row);
    renumber();
    if (focus) urlInput.focus();
  }

  function removeRow(row) {
    const index = [...rows.children].indexOf(row);
    row.remove();
    renumber();
    const next = rows.children[Math.min(index, rows.children.length - 1)];
    next?.querySelector("input")?.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const items = [...rows.children].map((row) => {
      const [urlInput, variantsInput] = row.querySelectorAll("input");
      return { url: urlInput.value.trim(), variants: Number(variantsInput.value) };
    });
    const input = { items, name: name.value.trim() || null };
    submit.disabled = true;
    submit.textContent = "Creating…";
    try {
      const { createCtaJob } = await api.mutate(CREATE_CTA_JOB, { input });
      router.navigate(`/cta/${encodeURIComponent(createCtaJob.id)}`);
    } catch (error) {
      showFieldErrors(form, error);
      submit.disabled = false;
      submit.textContent = "Create job";
    }
  });

  addRow();
  return form;
}
