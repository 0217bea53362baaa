import type { CoreContext, Handlers } from '../context';

export function clientHandlers({
  clients,
}: CoreContext): Handlers<`clients.${'search' | 'get' | 'create' | 'update' | 'delete'}`> {
  return {
    'clients.search': ({ query, limit, offset }) => clients.search(query, limit, offset),
    'clients.get': ({ id }) => clients.get(id),
    'clients.create': ({ client }) => clients.create(client),
    'clients.update': ({ id, client, expectedUpdatedAt }) => clients.update(id, client, expectedUpdatedAt),
    'clients.delete': ({ id }) => clients.remove(id),
  };
}
