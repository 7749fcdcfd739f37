// A console address whose screen is not built yet: it says so, and what the API offers meanwhile.

import { h } from "../dom.js";

export function mount(root, { route }) {
  const { title, summary } = route.soon;
  document.title = `${title} · Vitrine`;
  root.append(
    h("h1", { tabindex: "-1" }, title),
    h(
      "div",
      { class: "card narrow", role: "status" },
      h("p", {}, h("strong", {}, "This screen is coming."), ` ${summary}`),
      h(
        "p",
        {},
        "Its operations are part of the GraphQL API; until the screen lands, try them in ",
        h("a", { href: "/graphql", "data-router": "off" }, "GraphiQL"),
        ".",
      ),
    ),
  );
  return {};
}
