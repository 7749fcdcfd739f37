// Product titles and pictures by id: the belt and the confirmation name products by id only. Known ones come
// from the product list the page already read; the rest are asked for a few at a time (aliases of `product`).

import { productsByIdQuery } from "../operations/listing.js";

const PER_QUERY = 25; // well under the server's alias limit

export function productNames(api) {
  const known = new Map(); // id -> { id, title, primaryImageUrl } or null (not found)
  const asking = new Map(); // id -> promise

  function remember(products) {
    for (const product of products) known.set(product.id, product);
  }

  async function ask(ids) {
    const missing = [...new Set(ids)].filter((id) => id && !known.has(id) && !asking.has(id));
    for (let start = 0; start < missing.length; start += PER_QUERY) {
      const chunk = missing.slice(start, start + PER_QUERY);
      const variables = Object.fromEntries(chunk.map((id, i) => [`id${i}`, id]));
      const call = api
        .query(productsByIdQuery(chunk), variables)
        .then((data) => chunk.forEach((id, i) => known.set(id, data[`p${i}`] || null)))
        .catch(() => chunk.forEach((id) => known.set(id, null)))
        .finally(() => chunk.forEach((id) => asking.delete(id)));
      chunk.forEach((id) => asking.set(id, call));
    }
    await Promise.all(ids.map((id) => asking.get(id)).filter(Boolean));
  }

  return {
    remember,
    ask,
    get: (id) => known.get(id) || null,
    title: (id) => known.get(id)?.title || (known.has(id) ? "A product no longer in the catalog" : "A product"),
  };
}
