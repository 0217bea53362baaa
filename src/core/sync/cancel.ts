/**
 * Cancelling a sync (issue 17, "a cancel that leaves everything consistent"). A cancel aborts the
 * request in flight and stops the run between steps: a pull keeps every page it applied (each
 * with its cursor, in one transaction) and resumes from there next time; a push batch is one
 * transaction on the server, so it went whole or not at all, and a batch whose answer was lost
 * is recognised by its stamps when it goes again. Not an error: the run answers with what it did.
 */
export class SyncCancelled extends Error {
  constructor() {
    super('The sync was cancelled.');
    this.name = 'SyncCancelled';
  }
}
