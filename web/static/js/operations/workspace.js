// The workspace's list signals: an item was created, changed or deleted (in this tab, another one, or by another
// client). The first event (WORKSPACE / SUBSCRIBED) says the server is listening.

export const WORKSPACE_UPDATED = `subscription WorkspaceUpdated { workspaceUpdated { kind id change } }`;
