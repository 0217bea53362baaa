import type { ServerMigration } from './index';

/**
 * Documents' content (src/server/documents.ts), held per office: a content is addressed by the
 * SHA-256 the desks know it by and stored in parts, each encrypted with AES-256-GCM under the
 * server's document key (kept in its data folder or its environment, never in this database),
 * bound to its office, address and position. `key_id` names the key a content was sealed with,
 * so one sealed under a key the server no longer has is asked for again rather than misread.
 * `completed_at` is set once every part arrived and the whole was checked against its address.
 */
export const migration: ServerMigration = {
  version: 5,
  name: 'documents',
  sql: `
    CREATE TABLE document_contents (
      office_id text NOT NULL REFERENCES offices (id),
      sha256 text NOT NULL,
      size bigint NOT NULL,
      parts integer NOT NULL,
      key_id text NOT NULL,
      created_at timestamptz NOT NULL,
      completed_at timestamptz,
      PRIMARY KEY (office_id, sha256)
    );
    CREATE INDEX document_contents_sha256 ON document_contents (sha256);

    CREATE TABLE document_parts (
      office_id text NOT NULL,
      sha256 text NOT NULL,
      part integer NOT NULL,
      sealed bytea NOT NULL, -- 12-byte nonce, ciphertext, 16-byte tag
      PRIMARY KEY (office_id, sha256, part),
      FOREIGN KEY (office_id, sha256) REFERENCES document_contents (office_id, sha256) ON DELETE CASCADE
    );
  `,
};
