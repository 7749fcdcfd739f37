// Tabs after the ARIA pattern: a tablist of buttons (arrow keys, Home and End move between them) and one panel
// shown at a time. A panel's content is drawn when its tab is first chosen, and again on `refresh()`.

import { h } from "./dom.js";

let counter = 0;

// tabs: [{ key, label, draw(panel) }]
export function tabSet(tabs, { label, initial = tabs[0].key } = {}) {
  const prefix = `tabs-${++counter}`;
  const list = h("div", { class: "tablist", role: "tablist", "aria-label": label });
  const entries = tabs.map((tab) => {
    const button = h(
      "button",
      {
        type: "button",
        role: "tab",
        id: `${prefix}-${tab.key}`,
        "aria-controls": `${prefix}-${tab.key}-panel`,
        dataset: { tab: tab.key },
      },
      tab.label,
    );
    const panel = h("div", {
      role: "tabpanel",
      id: `${prefix}-${tab.key}-panel`,
      "aria-labelledby": button.id,
      class: "tabpanel",
      hidden: true,
    });
    button.addEventListener("click", () => select(tab.key));
    list.append(button);
    return { ...tab, button, panel, drawn: false };
  });
  let current = null;

  function select(key, { focus = false } = {}) {
    current = entries.find((entry) => entry.key === key) || entries[0];
    for (const entry of entries) {
      const chosen = entry === current;
      entry.button.setAttribute("aria-selected", String(chosen));
      entry.button.tabIndex = chosen ? 0 : -1;
      entry.panel.hidden = !chosen;
    }
    if (!current.drawn) draw(current);
    if (focus) current.button.focus();
  }

  function draw(entry) {
    entry.panel.replaceChildren();
    entry.draw(entry.panel);
    entry.drawn = true;
  }

  list.addEventListener("keydown", (event) => {
    const index = entries.indexOf(current);
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: entries.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = entries[(moves[event.key] + entries.length) % entries.length];
    select(next.key, { focus: true });
  });

  select(initial);
  return {
    element: h("div", { class: "tabs" }, list, ...entries.map((entry) => entry.panel)),
    select,
    setLabel(key, text) {
      const entry = entries.find((e) => e.key === key);
      if (entry) entry.button.textContent = text;
    },
    // One panel's data changed: draw it again now if it is shown, else when next chosen.
    invalidate(key) {
      const entry = entries.find((e) => e.key === key);
      if (!entry) return;
      entry.drawn = false;
      if (entry === current) draw(entry);
    },
  };
}
