// The console's only way to the server: the public GraphQL API, as any separate front end would use it.
// Queries and mutations are POSTed as JSON, uploads follow the GraphQL multipart request spec, and
// subscriptions speak graphql-transport-ws over one shared WebSocket.

export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; ") || "The request failed");
    this.errors = errors;
    const extensions = errors[0]?.extensions || {};
    this.code = extensions.code || null;
    this.field = extensions.field || null;
  }

  // Every `extensions.field` the server named, with its message (BAD_USER_INPUT).
  get fieldErrors() {
    return this.errors
      .filter((e) => e.extensions?.field)
      .map((e) => ({ field: e.extensions.field, message: e.message }));
  }
}

const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10000];
const IDLE_CLOSE_MS = 5000;

export function createClient({ url = "/graphql", getToken = () => null } = {}) {
  function authHeaders() {
    const token = getToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  async function send(body, headers) {
    let response;
    try {
      response = await fetch(url, { method: "POST", body, headers: { Accept: "application/json", ...headers } });
    } catch (error) {
      throw new GraphQLError([
        { message: `The server cannot be reached (${error.message})`, extensions: { code: "NETWORK" } },
      ]);
    }
    let payload;
    try {
      payload = await response.json();
    } catch {
      throw new GraphQLError([{ message: `The server answered ${response.status} without a GraphQL result` }]);
    }
    if (payload.errors?.length) throw new GraphQLError(payload.errors);
    return payload.data;
  }

  function request(query, variables = {}) {
    return send(JSON.stringify({ query, variables }), { "Content-Type": "application/json", ...authHeaders() });
  }

  // `files` maps a variable path (e.g. "file" or "images.0") to a File; those variables are sent as null.
  function upload(query, variables, files) {
    const map = {};
    const form = new FormData();
    const entries = Object.entries(files);
    entries.forEach(([path], i) => (map[String(i)] = [`variables.${path}`]));
    form.append("operations", JSON.stringify({ query, variables }));
    form.append("map", JSON.stringify(map));
    entries.forEach(([, file], i) => form.append(String(i), file, file.name));
    // The server refuses multipart requests without this header (CSRF: it forces a CORS preflight).
    return send(form, { "Apollo-Require-Preflight": "true", ...authHeaders() });
  }

  const socket = createSocket(url, getToken);

  return {
    query: request,
    mutate: request,
    upload,
    subscribe: socket.subscribe,
    // After signing in or out: the socket authenticated with the old token.
    reconnect: socket.restart,
  };
}

// One graphql-transport-ws connection shared by every subscription; it reconnects and re-subscribes after a
// drop (each subscription sends the current state first, so nothing is missed), and closes when idle.
function createSocket(httpUrl, getToken) {
  const wsUrl = new URL(httpUrl, window.location.href);
  wsUrl.protocol = wsUrl.protocol === "https:" ? "wss:" : "ws:";

  const active = new Map(); // id -> { payload, sink }
  let ws = null;
  let acknowledged = false;
  let nextId = 1;
  let attempt = 0;
  let reconnectTimer = null;
  let idleTimer = null;

  function open() {
    clearTimeout(idleTimer);
    if (ws || reconnectTimer) return;
    acknowledged = false;
    const socket = new WebSocket(wsUrl, "graphql-transport-ws");
    ws = socket;
    socket.onopen = () => {
      const token = getToken();
      const payload = token ? { Authorization: `Bearer ${token}` } : {};
      socket.send(JSON.stringify({ type: "connection_init", payload }));
    };
    socket.onmessage = (event) => receive(socket, JSON.parse(event.data));
    socket.onclose = (event) => closed(socket, event);
  }

  function receive(socket, message) {
    const entry = message.id ? active.get(message.id) : null;
    switch (message.type) {
      case "connection_ack":
        acknowledged = true;
        attempt = 0;
        for (const [id, { payload }] of active) socket.send(JSON.stringify({ id, type: "subscribe", payload }));
        break;
      case "ping":
        socket.send(JSON.stringify({ type: "pong" }));
        break;
      case "next":
        if (!entry) break;
        if (message.payload.errors?.length) entry.sink.error?.(new GraphQLError(message.payload.errors));
        else entry.sink.next(message.payload.data);
        break;
      case "error":
        if (!entry) break;
        active.delete(message.id);
        entry.sink.error?.(new GraphQLError(message.payload));
        break;
      case "complete":
        if (!entry) break;
        active.delete(message.id);
        entry.sink.complete?.();
        idleCheck();
        break;
    }
  }

  function closed(socket, event) {
    if (ws !== socket) return;
    ws = null;
    acknowledged = false;
    if (event.code === 4403 || event.code === 4401) {
      // Refused at connection_init: the token is missing or wrong. Retrying would be refused again.
      const error = new GraphQLError([
        { message: event.reason || "Not signed in", extensions: { code: "UNAUTHENTICATED" } },
      ]);
      for (const [id, { sink }] of active) {
        active.delete(id);
        sink.error?.(error);
      }
      return;
    }
    if (active.size === 0) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)];
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      if (active.size) open();
    }, delay);
  }

  function idleCheck() {
    clearTimeout(idleTimer);
    if (active.size === 0) {
      idleTimer = setTimeout(() => {
        if (active.size === 0 && ws) {
          const socket = ws;
          ws = null;
          socket.close(1000, "idle");
        }
      }, IDLE_CLOSE_MS);
    }
  }

  // sink: { next(data), error?(GraphQLError), complete?() }. Returns a function that ends the subscription.
  function subscribe(query, variables, sink) {
    const id = String(nextId++);
    const payload = { query, variables };
    active.set(id, { payload, sink });
    if (ws && acknowledged) ws.send(JSON.stringify({ id, type: "subscribe", payload }));
    else open();
    return () => {
      if (!active.delete(id)) return;
      if (ws && acknowledged) ws.send(JSON.stringify({ id, type: "complete" }));
      idleCheck();
    };
  }

  function restart() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (ws) {
      const socket = ws;
      ws = null;
      socket.close(1000, "new credentials");
    }
    if (active.size) open();
  }

  return { subscribe, restart };
}
