import type { Relation } from '../../../shared/casework';
import type { Db } from '../../db/open';
import { uuidv7 } from '../../ids';
import { CLIENT_COLUMNS, type ClientColumns } from '../client-rows';

export interface LinkRow {
  id: string;
  client_id: string;
  related_client_id: string;
  relation: Relation;
}

/** The only place that knows how household links are stored: one row per pair of clients. */
export function createHouseholdRepository(db: Db) {
  const between = db.prepare<{ a: string; b: string }, LinkRow>(
    `SELECT id, client_id, related_client_id, relation FROM client_links
     WHERE deleted_at IS NULL AND ((client_id = @a AND related_client_id = @b) OR (client_id = @b AND related_client_id = @a))`,
  );
  const insert = db.prepare(
    `INSERT INTO client_links (id, client_id, related_client_id, relation, created_at, updated_at)
     VALUES (@id, @clientId, @relatedClientId, @relation, @now, @now)`,
  );
  const setRelation = db.prepare(
    'UPDATE client_links SET relation = @relation, updated_at = @now WHERE id = @id',
  );
  const softDelete = db.prepare(
    'UPDATE client_links SET deleted_at = @now, updated_at = @now WHERE id = @id AND deleted_at IS NULL',
  );
  // Both directions; the other person's columns come with each row.
  // `client_id` is taken by the other person's columns, so the link's own side is `link_client_id`.
  const ofClient = db.prepare<
    { id: string },
    { id: string; link_client_id: string; relation: Relation } & ClientColumns
  >(
    `SELECT l.id, l.client_id AS link_client_id, l.relation, ${CLIENT_COLUMNS}
     FROM client_links l JOIN clients c ON c.id = CASE WHEN l.client_id = @id THEN l.related_client_id ELSE l.client_id END
     WHERE (l.client_id = @id OR l.related_client_id = @id) AND l.deleted_at IS NULL AND c.deleted_at IS NULL
     ORDER BY c.birth_date, c.surname, c.given_name`,
  );
  const neighbours = db.prepare<{ id: string }, { other: string }>(
    `SELECT related_client_id AS other FROM client_links WHERE client_id = @id AND deleted_at IS NULL
     UNION SELECT client_id FROM client_links WHERE related_client_id = @id AND deleted_at IS NULL`,
  );

  return {
    between: (a: string, b: string): LinkRow | null => between.get({ a, b }) ?? null,
    insert(link: { clientId: string; relatedClientId: string; relation: Relation }, now: string): string {
      const id = uuidv7();
      insert.run({ ...link, id, now });
      return id;
    },
    setRelation: (id: string, relation: Relation, now: string) => {
      setRelation.run({ id, relation, now });
    },
    softDelete: (id: string, now: string): boolean => softDelete.run({ id, now }).changes > 0,
    ofClient: (clientId: string) => ofClient.all({ id: clientId }),
    neighbours: (clientId: string): string[] => neighbours.all({ id: clientId }).map((row) => row.other),
  };
}
