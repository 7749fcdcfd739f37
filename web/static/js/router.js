// Client-side routing with the history API. A route is a path pattern and a lazily imported screen module;
// the server serves the same shell at every one of these addresses, so any of them can be bookmarked.

function compile(pattern) {
  const names = [];
  const source = pattern.replace(/:([a-zA-Z]+)/g, (_, name) => {
    names.push(name);
    return "([^/]+)";
  });
  return { regex: new RegExp(`^${source}/?$`), names };
}

export function createRouter(routes, { onRoute }) {
  const table = routes.map((route) => ({ ...route, ...compile(route.path) }));
  let current = null; // { route, key }

  function match(pathname) {
    for (const route of table) {
      const found = route.regex.exec(pathname);
      if (found) {
        const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
        return { route, params };
      }
    }
    return null;
  }

  function resolve() {
    const { pathname, search } = window.location;
    const found = match(pathname);
    const query = new URLSearchParams(search);
    const key = pathname;
    // Only the query changed (e.g. `?cta_id=` opened or closed a dialog): the screen stays, and is told.
    const sameScreen = current && found && current.key === key;
    current = found ? { route: found.route, key } : null;
    onRoute({ route: found?.route || null, params: found?.params || {}, query, sameScreen });
  }

  function navigate(href, { replace = false } = {}) {
    const url = new URL(href, window.location.href);
    if (url.href === window.location.href && !replace) return;
    history[replace ? "replaceState" : "pushState"](null, "", url);
    resolve();
  }

  // Update the address's query without re-rendering the screen (the screen already shows the change).
  function setQuery(changes, { replace = false, state = null } = {}) {
    const url = new URL(window.location.href);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null || value === undefined) url.searchParams.delete(name);
      else url.searchParams.set(name, value);
    }
    history[replace ? "replaceState" : "pushState"](state, "", url);
  }

  // Follow same-origin links to known screens without a page load; anything else is a normal navigation.
  document.addEventListener("click", (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    const link = event.target.closest("a[href]");
    if (!link || link.target || link.hasAttribute("download") || link.dataset.router === "off") return;
    const url = new URL(link.href);
    if (url.origin !== window.location.origin || !match(url.pathname)) return;
    event.preventDefault();
    navigate(url.href);
  });
  window.addEventListener("popstate", resolve);

  return { start: resolve, navigate, setQuery, match };
}
