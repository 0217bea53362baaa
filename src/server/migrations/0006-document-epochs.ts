import type { ServerMigration } from './index';

/**
 * How many complete contents the server has dropped for an office (a damaged copy; one sealed
 * under a key it no longer has): part of the office's document epoch (`GET /v1/documents/epoch`,
 * src/server/documents.ts), which makes the office's PCs forget their "sent" marks and offer what
 * the server lost again. An office with no row has lost nothing.
 */
export const migration: ServerMigration = {
  version: 6,
  name: 'document-epochs',
  sql: `
    CREATE TABLE document_epochs (
      office_id text PRIMARY KEY REFERENCES offices (id),
      dropped bigint NOT NULL
    );
  `,
};
