import type { documentCalls } from '../../shared/contract/documents';
import type { CoreContext, Handlers } from '../context';
import { decodeBase64 } from './content';
import { createScanInbox } from './inbox';
import { createScanIn } from './scan-in';
import { documentsOf } from './service';

type DocumentMethod = keyof typeof documentCalls;

export { documentsOf };

export function documentHandlers(ctx: CoreContext): Handlers<DocumentMethod> {
  const documents = documentsOf(ctx);
  let scanIn: ReturnType<typeof createScanIn> | null = null;
  let inbox: ReturnType<typeof createScanInbox> | null = null;
  const inboxOf = () => (inbox ??= createScanInbox(ctx));
  return {
    'scans.inbox': ({ includeResolved, withThumbnails }) => {
      const items = inboxOf().list(includeResolved);
      if (!withThumbnails) return { items };
      const thumbnails: Record<string, string> = {};
      for (const item of items) {
        const thumbnail = item.status === 'waiting' ? inboxOf().thumbnail(item.id) : null;
        if (thumbnail) thumbnails[item.id] = thumbnail.toString('base64');
      }
      return { items, thumbnails };
    },
    'scans.page': ({ id }) => {
      const { page, content } = inboxOf().open(id);
      return { page, contentBase64: content.toString('base64') };
    },
    'scans.assign': (request) => inboxOf().assign(request),
    'scans.discard': ({ id }) => inboxOf().discard(id),
    'scans.import': ({ fileName, contentBase64 }) => {
      scanIn ??= createScanIn(ctx);
      return { pages: scanIn.scan(fileName, decodeBase64(contentBase64)) };
    },
    'scans.status': ({ packetId }) => {
      scanIn ??= createScanIn(ctx);
      return scanIn.status(packetId);
    },
    'documents.attach': ({ contentBase64, ...request }) =>
      documents.attach({ ...request, bytes: decodeBase64(contentBase64) }),
    'documents.list': ({ clientId, includeDeleted, withThumbnails }) => {
      const items = documents.list(clientId, includeDeleted);
      if (!withThumbnails) return { items };
      const thumbnails: Record<string, string> = {};
      for (const item of items) {
        // One scan-in kept without a thumbnail gets it now (documents.thumbnail makes it); a PDF's
        // is its first page when that page is a picture (a scanner's PDF).
        const thumbnail = item.sha256 ? documents.thumbnail(item.id) : null;
        if (thumbnail) thumbnails[item.id] = thumbnail.toString('base64');
      }
      return { items, thumbnails };
    },
    'documents.get': ({ id }) => {
      const { document, content } = documents.open(id);
      return { document, clientId: document.clientId, contentBase64: content.toString('base64') };
    },
    'documents.remove': ({ id }) => documents.remove(id),
  };
}
