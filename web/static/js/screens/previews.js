// `/previews`: choose a work and products' colours and sizes, ask for the grid (one render per variant, or the
// cached one), and watch its tiles fill in as renders finish. `?work=<id>` keeps the chosen work in the address.

import { errorBanner, h, plural, replaceChildren } from "../dom.js";
import { followWorkspace } from "../live-list.js";
import {
  CLEAR_PREVIEW_CACHE,
  MAX_PREVIEWS_PER_REQUEST,
  PREVIEW_TASK_UPDATED,
  REQUEST_PREVIEWS,
} from "../operations/previews.js";
import { previewGrid } from "../previews/grid.js";
import { productPicker } from "../previews/product-picker.js";
import { workPicker } from "../previews/work-picker.js";

export function mount(root, { api, router, query }) {
  document.title = "Previews · Vitrine";
  let stopFollowing = null;
  let gone = false;

  const grid = previewGrid();
  const chosen = h("p", { class: "summary", role: "status" });
  const notices = h("div", { class: "notices" });
  const request = h("button", { type: "button", class: "primary", disabled: true }, "Show previews");
  const clear = h("button", { type: "button", disabled: true }, "Clear this work's cached previews");
  const works = workPicker(api, {
    chosen: query.get("work"),
    onChoose(work) {
      router.setQuery({ work: work?.id || null }, { replace: true });
      refresh();
    },
  });
  const products = productPicker(api, { onChange: refresh });

  root.append(
    h("h1", { tabindex: "-1" }, "Previews"),
    h(
      "p",
      { class: "lead" },
      "A work printed on products: one render per colour and size, made once and answered from the cache for 7 days.",
    ),
    works.element,
    products.element,
    h(
      "section",
      { class: "step-section", "aria-labelledby": "grid-title" },
      h("h2", { id: "grid-title" }, "3. The grid"),
      chosen,
      h("div", { class: "actions" }, request, clear),
      notices,
      grid.element,
    ),
  );

  function refresh() {
    const work = works.current();
    const count = products.chosenVariants().length;
    chosen.textContent = !work
      ? "Choose a work first."
      : count
        ? `${plural(count, "preview")} of “${work.name}” chosen.`
        : `Tick colours or sizes of a product to preview “${work.name}” on it.`;
    request.disabled = !work || !count;
    clear.disabled = !work;
  }

  function notice(message, tone = "info") {
    replaceChildren(
      notices,
      h("div", { class: `banner ${tone}`, role: tone === "error" ? "alert" : "status" }, message),
    );
  }

  function follow() {
    stopFollowing?.();
    stopFollowing = null;
    const ids = grid.pendingIds();
    if (!ids.length || gone) return;
    stopFollowing = api.subscribe(
      PREVIEW_TASK_UPDATED,
      { ids },
      {
        next: (data) => grid.update(data.previewTaskUpdated),
        complete: () => (stopFollowing = null),
        error: (error) => notice(`Live updates stopped: ${error.message}`, "error"),
      },
    );
  }

  request.addEventListener("click", async () => {
    const work = works.current();
    const picks = products.chosenVariants();
    if (!work || !picks.length) return;
    request.disabled = true;
    request.textContent = "Asking…";
    notices.replaceChildren();
    try {
      const tasks = [];
      for (let start = 0; start < picks.length; start += MAX_PREVIEWS_PER_REQUEST) {
        const inputs = picks.slice(start, start + MAX_PREVIEWS_PER_REQUEST).map(({ product, variant }) => ({
          workId: work.id,
          productId: product.id,
          color: variant.color || null,
          size: variant.size || null,
        }));
        const { requestPreviews } = await api.mutate(REQUEST_PREVIEWS, { inputs });
        tasks.push(...requestPreviews);
      }
      if (gone) return;
      grid.show(picks.map((pick, i) => ({ ...pick, task: tasks[i] })));
      follow();
    } catch (error) {
      notice(error.message, "error");
    } finally {
      request.textContent = "Show previews";
      refresh();
    }
  });

  clear.addEventListener("click", async () => {
    const work = works.current();
    if (!work) return;
    clear.disabled = true;
    try {
      const { clearPreviewCache } = await api.mutate(CLEAR_PREVIEW_CACHE, { workId: work.id });
      grid.forget(work.id);
      notice(
        clearPreviewCache
          ? `Cleared ${plural(clearPreviewCache, "cached preview")} of “${work.name}”: the next grid renders them again.`
          : `“${work.name}” had no cached previews.`,
      );
    } catch (error) {
      replaceChildren(notices, errorBanner(error));
    } finally {
      refresh();
    }
  });

  refresh();
  // Works and products made elsewhere (another tab, another client) join the pickers without a reload.
  const stopWorkspace = followWorkspace(api, ["WORK", "PRODUCT"], () => {
    works.refresh();
    products.refresh();
  });
  return {
    unmount() {
      gone = true;
      stopFollowing?.();
      stopWorkspace();
    },
  };
}
