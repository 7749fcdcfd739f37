// The console's start: find out who we are (a saved token, or none in local mode), then draw the screen of the
// address. Screens are modules with `mount(root, context)` returning `{ update?(context), unmount?() }`.

import { h, replaceChildren } from "./dom.js";
import { createClient, GraphQLError } from "./graphql.js";
import { createRouter } from "./router.js";
import { routes } from "./routes.js";
import { createSession, ME } from "./session.js";
import { mountSignIn } from "./screens/sign-in.js";

const main = document.getElementById("main");
const account = document.getElementById("account");
const session = createSession();
const client = createClient({ getToken: session.token });

const app = {
  me: null, // { email, name, workspace { name } }
  localMode: false, // signed in as the local user without a token
  signingIn: false,
};

let screen = null; // { instance, route }
let lastRoute = null;
let firstRender = true;

// What screens use to reach the server: the client, with a lost sign-in sending the person to the sign-in form.
const api = {
  async query(query, variables) {
    return guard(() => client.query(query, variables));
  },
  async mutate(query, variables) {
    return guard(() => client.mutate(query, variables));
  },
  async upload(query, variables, files) {
    return guard(() => client.upload(query, variables, files));
  },
  subscribe(query, variables, sink) {
    return client.subscribe(query, variables, {
      ...sink,
      error(error) {
        if (error.code === "UNAUTHENTICATED") signedOut("Your sign-in is no longer accepted.");
        else sink.error?.(error);
      },
    });
  },
};

async function guard(call) {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GraphQLError && error.code === "UNAUTHENTICATED")
      signedOut("Your sign-in is no longer accepted.");
    throw error;
  }
}

const router = createRouter(routes, { onRoute: render });

async function identify() {
  try {
    const data = await client.query(ME);
    app.me = data.me;
    app.localMode = !session.token();
    return true;
  } catch (error) {
    if (error.code !== "UNAUTHENTICATED") throw error;
    app.me = null;
    return false;
  }
}

function drawAccount() {
  if (!app.me) {
    replaceChildren(account);
    return;
  }
  const who = h(
    "span",
    { class: "who" },
    app.me.email,
    app.localMode ? " (local mode)" : ` · ${app.me.workspace.name}`,
  );
  const action = app.localMode
    ? h("button", { type: "button", class: "link", onclick: () => showSignIn({ cancellable: true }) }, "Use a token")
    : h("button", { type: "button", class: "link", onclick: signOut }, "Sign out");
  replaceChildren(account, who, action);
}

function showSignIn({ message = null, cancellable = false } = {}) {
  unmountScreen();
  app.signingIn = true;
  mountSignIn(main, {
    message,
    onCancel: cancellable ? () => finishSignIn() : null,
    async attempt(token) {
      const previous = session.token();
      session.setToken(token);
      if (await identify()) {
        client.reconnect();
        finishSignIn();
        return null;
      }
      session.setToken(previous);
      return "That token was not accepted. Check it, or create a new one with vitrine create-token.";
    },
  });
}

function finishSignIn() {
  app.signingIn = false;
  drawAccount();
  router.start();
}

async function signOut() {
  session.setToken(null);
  client.reconnect();
  app.me = null;
  // In local mode the console goes on as the local user; otherwise it asks for a token.
  if (await identify()) finishSignIn();
  else signedOut(null);
}

function signedOut(message) {
  app.me = null;
  drawAccount();
  showSignIn({ message });
}

function unmountScreen() {
  screen?.instance?.unmount?.();
  screen = null;
}

function markNavigation(route) {
  for (const link of document.querySelectorAll(".topbar nav a")) {
    if (route && link.getAttribute("href") === route.nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function render({ route, params, query, sameScreen }) {
  if (app.signingIn || !app.me) return;
  markNavigation(route);
  const context = { params, query, api, router, app, route };
  if (sameScreen && screen?.route === route && screen.instance?.update) {
    screen.instance.update(context);
    return;
  }
  unmountScreen();
  const token = (lastRoute = {});
  if (!route) {
    document.title = "Page not found · Vitrine";
    replaceChildren(
      main,
      h("h1", { tabindex: "-1" }, "Page not found"),
      h("p", {}, "No screen of the console has the address ", h("code", {}, window.location.pathname), "."),
      h(
        "p",
        {},
        "Pick a screen in the navigation above, or ",
        h("a", { href: "/" }, "go to the CTA jobs"),
        ".",
      ),
    );
    if (!firstRender) main.querySelector("h1")?.focus();
    firstRender = false;
    return;
  }
  const module = await route.load();
  if (token !== lastRoute) return; // another navigation happened while the module loaded
  main.replaceChildren();
  screen = { route, instance: module.mount(main, context) };
  if (!firstRender) main.querySelector("h1")?.focus({ preventScroll: false });
  firstRender = false;
}

async function start() {
  try {
    let signedIn = await identify();
    const refused = !signedIn && Boolean(session.token());
    if (refused) {
      session.setToken(null); // a revoked or mistyped token: forget it, and try as the local user
      signedIn = await identify();
    }
    if (signedIn) finishSignIn();
    else showSignIn({ message: refused ? "The saved token was not accepted; sign in again." : null });
  } catch (error) {
    replaceChildren(main, h("h1", {}, "The server cannot be reached"), h("p", { role: "alert" }, error.message));
  }
}

// On small screens a table shows one block per row (console.css): each cell carries its column's name.
function labelCells(root) {
  for (const table of root.querySelectorAll("table.jobs")) {
    const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => {
        if (names[i] && cell.dataset.label !== names[i]) cell.dataset.label = names[i];
      });
    }
  }
}
new MutationObserver(() => labelCells(main)).observe(main, { childList: true, subtree: true });

start();
