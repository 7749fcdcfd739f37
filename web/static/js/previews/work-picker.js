// The previews' first step: choose a work (the workspace's artwork, newest first) or make one from an upload
// (dropped or chosen, sent over multipart) or from an image URL.

import { dropZone } from "../drop-zone.js";
import { clearFieldErrors, errorBanner, h, plural, replaceChildren, showFieldErrors } from "../dom.js";
import { UPLOAD_IMAGE } from "../operations/catalog.js";
import { syncRows } from "../live-list.js";
import { CREATE_WORK, WORKS } from "../operations/previews.js";

const PAGE_SIZE = 24;

export function workPicker(api, { chosen, onChoose }) {
  const list = h("div", { class: "choice-tiles", role: "radiogroup", "aria-labelledby": "works-legend" });
  const status = h("p", { class: "muted", role: "status" }, "Loading works…");
  const more = h("button", { type: "button", hidden: true }, "Load more works");
  const works = new Map();
  let cursor = null;
  let total = 0;
  let current = chosen;

  function tile(work) {
    const id = `work-${work.id}`;
    const radio = h("input", { type: "radio", name: "work", id, value: work.id, checked: work.id === current });
    radio.addEventListener("change", () => choose(work.id));
    return h(
      "div",
      { class: "choice-tile", dataset: { workId: work.id } },
      radio,
      h(
        "label",
        { for: id },
        h("img", { src: work.imageUrl, alt: "", loading: "lazy" }),
        h("span", { class: "tile-title" }, work.name),
      ),
    );
  }

  function choose(workId) {
    current = workId;
    const radio = list.querySelector(`input[value="${CSS.escape(workId)}"]`);
    if (radio) radio.checked = true;
    onChoose(works.get(workId) || null);
  }

  function describe() {
    status.textContent = total ? `${plural(total, "work")}.` : "No works yet: make one from an image below.";
  }

  async function load() {
    more.disabled = true;
    try {
      const { works: page } = await api.query(WORKS, { first: PAGE_SIZE, after: cursor });
      for (const { node } of page.edges) {
        works.set(node.id, node);
        list.append(tile(node));
      }
      cursor = page.pageInfo.endCursor;
      total = page.totalCount;
      more.hidden = !page.pageInfo.hasNextPage;
      describe();
      if (current && works.has(current)) onChoose(works.get(current));
    } catch (error) {
      replaceChildren(status, errorBanner(error));
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", load);

  function added(work) {
    const known = works.has(work.id) && list.querySelector(`[data-work-id="${CSS.escape(work.id)}"]`);
    works.set(work.id, work);
    if (known) {
      choose(work.id);
      return;
    }
    list.prepend(tile(work));
    total += 1;
    describe();
    choose(work.id);
  }

  const element = h(
    "section",
    { class: "step-section", "aria-labelledby": "works-title" },
    h("h2", { id: "works-title" }, "1. Work"),
    h("p", { id: "works-legend", class: "muted" }, "The artwork to print on the products."),
    h("div", { class: "work-layout" }, h("div", {}, status, list, more), newWorkForm(api, added)),
  );
  // A work made elsewhere (another tab, another client): read the works shown again, keeping the tiles (and the
  // choice) that stay.
  async function refresh() {
    try {
      const first = Math.min(100, Math.max(PAGE_SIZE, list.children.length));
      const { works: page } = await api.query(WORKS, { first });
      const nodes = page.edges.map(({ node }) => node);
      nodes.forEach((node) => works.set(node.id, node));
      const shown = new Map([...list.children].map((t) => [t.dataset.workId, { element: t }]));
      syncRows(list, shown, nodes, { make: (node) => ({ element: tile(node) }) });
      cursor = page.pageInfo.endCursor;
      total = page.totalCount;
      more.hidden = !page.pageInfo.hasNextPage;
      describe();
    } catch {
      // the next signal tries again
    }
  }

  load();
  return { element, refresh, current: () => (current ? works.get(current) || null : null) };
}

function newWorkForm(api, onCreated) {
  const name = h("input", { id: "work-name", maxlength: 200, autocomplete: "off", "data-field": "name" });
  const url = h("input", {
    id: "work-url",
    type: "url",
    placeholder: "https://…/artwork.png",
    "data-field": "imageUrl",
  });
  const formError = h("p", { class: "form-error", role: "alert", tabindex: "-1", "data-form-error": true });
  const done = h("p", { class: "muted", role: "status" });
  const fromUrl = h("button", { type: "submit" }, "Make from URL");
  const form = h("form", { class: "card new-work", "aria-labelledby": "new-work-title" });

  async function create(input) {
    const { createWork } = await api.mutate(CREATE_WORK, { input });
    onCreated(createWork);
    form.reset();
    return `Made the work “${createWork.name}”.`;
  }
  const nameOr = (fallback) => name.value.trim() || fallback;

  const zone = dropZone({
    id: "work-file",
    label: "Image file",
    upload: async (file) => {
      clearFieldErrors(form);
      done.textContent = "";
      try {
        const { uploadImage } = await api.upload(UPLOAD_IMAGE, { file: null, kind: "ARTWORK" }, { file });
        return await create({ name: nameOr(file.name.replace(/\.[^.]+$/, "")), uploadId: uploadImage.id });
      } catch (error) {
        showFieldErrors(form, error);
        return "";
      }
    },
  });

  form.append(
    h("h3", { id: "new-work-title" }, "New work"),
    h(
      "div",
      { class: "field" },
      h("label", { for: "work-name" }, "Name ", h("span", { class: "muted" }, "(optional for a file)")),
      name,
    ),
    zone.element,
    h("div", { class: "field" }, h("label", { for: "work-url" }, "…or an image URL"), url),
    h("div", { class: "actions" }, fromUrl),
    formError,
    done,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    done.textContent = "";
    if (!url.value.trim()) {
      url.focus();
      return;
    }
    fromUrl.disabled = true;
    try {
      done.textContent = await create({
        name: nameOr(url.value.trim().split("/").pop() || "Artwork"),
        imageUrl: url.value.trim(),
      });
    } catch (error) {
      showFieldErrors(form, error);
    } finally {
      fromUrl.disabled = false;
    }
  });
  return form;
}
