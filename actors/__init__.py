"""Dramatiq actors, thin: one per task kind, each runs the kernel's `run_task`. Importing this package declares
nothing; `actors.setup.wire(settings)` builds the process's broker and declares every actor on it."""
