// Every console address and the screen module that draws it. A new screen is one line here and one module.

export const routes = [
  { path: "/", nav: "/", load: () => import("./screens/cta-jobs.js") },
  { path: "/cta/:jobId", nav: "/", load: () => import("./screens/cta-job.js") },
  { path: "/catalog", nav: "/catalog", load: () => import("./screens/catalog.js") },
  { path: "/catalog/:productId", nav: "/catalog", load: () => import("./screens/product.js") },
  { path: "/previews", nav: "/previews", load: () => import("./screens/previews.js") },
  { path: "/batches", nav: "/batches", load: () => import("./screens/batches.js") },
  { path: "/batches/new", nav: "/batches", load: () => import("./screens/batch-new.js") },
  { path: "/batches/:batchId", nav: "/batches", load: () => import("./screens/batch.js") },
  { path: "/listing", nav: "/listing", load: () => import("./screens/listing-accounts.js") },
  { path: "/listing/:accountId", nav: "/listing", load: () => import("./screens/listing-plan.js") },
];
