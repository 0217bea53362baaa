import { z } from 'zod';
import { Client, ClientInput, ClientSummary } from '../client';
import { defineCalls } from './define';

const ClientId = z.string().uuid('Not a client id');

export const SearchInput = z
  .object({
    /** Any part of a name in either script, a JMBG or its prefix, or a phone number. Empty lists the most recent. */
    query: z.string().max(200).default(''),
    limit: z.number().int().min(1).max(100).default(25),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export const SearchResult = z.object({
  items: z.array(ClientSummary),
  hasMore: z.boolean(),
  /** How many clients match the whole query (all pages), for "Showing 25 of 1,234". */
  total: z.number().int().min(0),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const clientCalls = defineCalls({
  'clients.search': {
    summary: 'Find clients by name (either script), JMBG or phone, best first, paged',
    input: SearchInput,
    output: SearchResult,
  },
  'clients.get': {
    summary: 'One client record',
    input: z.object({ id: ClientId }).strict(),
    output: Client,
  },
  'clients.create': {
    summary: 'Record a new client',
    input: z.object({ client: ClientInput }).strict(),
    output: Client,
  },
  'clients.update': {
    summary: 'Correct a client record; refused if someone changed it since it was read',
    input: z
      .object({
        id: ClientId,
        client: ClientInput,
        /** The `updatedAt` the form was loaded with; omit to overwrite. */
        expectedUpdatedAt: z.string().optional(),
      })
      .strict(),
    output: Client,
  },
  'clients.delete': {
    summary: 'Remove a client from lists (kept as a tombstone until purged on purpose)',
    input: z.object({ id: ClientId }).strict(),
    output: z.object({ id: z.string() }),
  },
});
