// Every console address and the screen module that draws it. A new screen is one line here and one module.

const soon = (title, summary) => ({ load: () => import("./screens/coming-soon.js"), soon: { title, summary } });

export const routes = [
  { path: "/", nav: "/", load: () => import("./screens/cta-jobs.js") },
  { path: "/cta/:jobId", nav: "/", load: () => import("./screens/cta-job.js") },
  { path: "/catalog", nav: "/catalog", load: () => import("./screens/catalog.js") },
  {
    path: "/previews",
    nav: "/previews",
    ...soon("Previews", "Pick a work and products, colours and sizes; the grid fills in live as renders finish."),
  },
  {
    path: "/batches",
    nav: "/batches",
    ...soon("Batches", "Your generation batches with their live progress, folders and retry of failed jobs."),
  },
  {
    path: "/batches/new",
    nav: "/batches",
    ...soon("New batch", "Select variants, choose their images, set the settings, review the credits and start."),
  },
  {
    path: "/batches/:batchId",
    nav: "/batches",
    ...soon("Batch", "One batch: its jobs live, their images and folders, and retry of the failed ones."),
  },
  {
    path: "/listing",
    nav: "/listing",
    ...soon("Listing plan", "Your store accounts, each with the belt of its next 24 hours."),
  },
  {
    path: "/listing/:accountId",
    nav: "/listing",
    ...soon("Listing plan", "Every slot of the next 24 hours, full or empty, when it runs, and the listed log."),
  },
];
