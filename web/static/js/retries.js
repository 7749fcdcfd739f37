// How every screen tells a task's retries and failures (CTA pages and variants, previews, batch jobs, listing
// slots, all task-backed types of the API): a retry the kernel has scheduled is a calm line, "Retrying — attempt 2
// of 4 at 14:05:10" (local time), never a red error; a final failure is the merchant's words (`errorMessage` or
// `error`) with the technical detail (`errorDetail`) behind a disclosure.

import { h, replaceChildren } from "./dom.js";

export const RETRY_FIELDS = "attempts maxAttempts nextAttemptAt errorDetail";

// "14:05:10" in this browser's zone.
export function clockTime(iso) {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
}

// The line for a row whose next automatic attempt is scheduled, or null.
export function retryText(task) {
  if (!task?.nextAttemptAt) return null;
  const next = (task.attempts || 0) + 1;
  return `Retrying — attempt ${next} of ${task.maxAttempts} at ${clockTime(task.nextAttemptAt)}`;
}

export function isRetrying(task) {
  return Boolean(task?.nextAttemptAt);
}

// One element a screen keeps and refreshes: the retry line, or the failure in words with its detail, or nothing.
// `message`: the merchant's words (errorMessage / error); `failed`: the row failed for good.
export function taskNotice() {
  const element = h("div", { class: "task-notice", hidden: true });
  let shown = "";

  function update(task, { message, failed }) {
    const retry = retryText(task);
    const detail = task?.errorDetail || "";
    const key = JSON.stringify([retry, failed ? message : null, failed ? detail : null]);
    if (key === shown) return;
    shown = key;
    element.hidden = !retry && !(failed && message);
    element.dataset.state = retry ? "retrying" : failed && message ? "failed" : "";
    if (retry) {
      replaceChildren(element, h("p", { class: "retry-note", role: "status" }, retry));
    } else if (failed && message) {
      replaceChildren(element, failureView(message, detail));
    } else {
      replaceChildren(element);
    }
  }

  return { element, update };
}

// A final failure: the words, and the technical detail one click away.
export function failureView(message, detail) {
  return h(
    "div",
    { class: "failure" },
    h("p", { class: "error-text failure-words" }, message),
    detail &&
      h(
        "details",
        { class: "failure-detail" },
        h("summary", {}, "Technical detail"),
        h("p", { class: "failure-detail-text" }, detail),
      ),
  );
}
