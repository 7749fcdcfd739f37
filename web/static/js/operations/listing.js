// The listing-plan operations the console sends: store accounts, an account's plan (its belt and listed log),
// the edits, and how slot statuses read in words.

import { RETRY_FIELDS } from "../retries.js";

const ACCOUNT = "id name timezone publisher { kind url } missedSlots rule { itemsPerDay enabled } createdAt";
const PLAN = `account { ${ACCOUNT} } nextRunAt
  slots { id scheduledAt localTime status productId error ${RETRY_FIELDS} }
  listed(first: 20) { id slotId productId listedAt localTime title description bulletPoints imageUrl publishedUrl }`;

export const STORE_ACCOUNTS = `query StoreAccounts { storeAccounts { ${ACCOUNT} } }`;
export const CREATE_STORE_ACCOUNT = `mutation CreateStoreAccount($input: CreateStoreAccountInput!) {
  createStoreAccount(input: $input) { ${ACCOUNT} }
}`;
export const LISTING_PLAN = `query ListingPlan($accountId: ID!) { listingPlan(accountId: $accountId) { ${PLAN} } }`;
export const LISTING_PLAN_UPDATED = `subscription ListingPlanUpdated($accountId: ID!) {
  listingPlanUpdated(accountId: $accountId) { ${PLAN} }
}`;
export const SET_SCHEDULING_RULE = `mutation SetSchedulingRule($accountId: ID!, $itemsPerDay: Int!, $enabled: Boolean!,
  $confirm: Boolean) {
  setSchedulingRule(accountId: $accountId, itemsPerDay: $itemsPerDay, enabled: $enabled, confirm: $confirm) { ${PLAN} }
}`;
export const RESET_LISTING_PLAN = `mutation ResetListingPlan($accountId: ID!, $confirm: Boolean) {
  resetListingPlan(accountId: $accountId, confirm: $confirm) { ${PLAN} }
}`;
export const DEPLOY_PRODUCT = `mutation DeployProduct($accountId: ID!, $productId: ID!) {
  deployProduct(accountId: $accountId, productId: $productId) { ${PLAN} }
}`;
export const REMOVE_SLOT = `mutation RemoveSlot($slotId: ID!) { removeSlot(slotId: $slotId) { ${PLAN} } }`;
export const RETRY_SLOT = `mutation RetrySlot($slotId: ID!) { retrySlot(slotId: $slotId) { ${PLAN} } }`;
export const LISTING_PRODUCTS = `query ListingProducts($first: Int, $search: String) {
  products(first: $first, search: $search) { totalCount edges { node { id title primaryImageUrl } } }
}`;
// Titles of products the belt names by id (a slot carries productId only), a few at a time by alias.
export function productsByIdQuery(ids) {
  const fields = ids.map((_, i) => `p${i}: product(id: $id${i}) { id title primaryImageUrl }`).join(" ");
  const variables = ids.map((_, i) => `$id${i}: ID!`).join(", ");
  return `query ProductsById(${variables}) { ${fields} }`;
}

export const MAX_ITEMS_PER_DAY = 96;

export const SLOT_STATUS = {
  EMPTY: { label: "Empty", tone: "idle" },
  SCHEDULED: { label: "Scheduled", tone: "running" },
  PROCESSING: { label: "Publishing", tone: "running" },
  FAILED: { label: "Failed", tone: "failed" },
  MISSED: { label: "Missed", tone: "failed" },
};

export const PUBLISHERS = [
  { value: "CATALOG", label: "Catalog", hint: "Write the listing back to the product in the catalog." },
  { value: "WEBHOOK", label: "Webhook", hint: "POST each listing, signed with your secret, to your store." },
];

export const MISSED_SLOTS = [
  { value: "CATCH_UP", label: "Catch up", hint: "Publish missed products as soon as the server is back." },
  { value: "SKIP", label: "Skip", hint: "Mark them missed, for you to review." },
];

// "2026-03-29T14:10:00" (the account's wall clock) → "Sun 29 Mar, 14:10", read as written, not in this browser's zone.
export function wallClock(localTime, { withDay = true } = {}) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(localTime || "");
  if (!match) return localTime || "";
  const [, y, mo, d, hh, mm] = match.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, hh, mm));
  const options = withDay
    ? { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
    : { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  return date.toLocaleString("en-GB", { ...options, timeZone: "UTC" });
}
