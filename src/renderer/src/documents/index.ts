/**
 * src/renderer/src/documents — the client's scans and photos on the profile: thumbnails, attach
 * (PDF, JPEG, PNG; the core checks the content and strips photo metadata), open full size,
 * download, remove. Talks only to `window.api` (documents.* calls).
 *
 *   <ClientDocumentsCard clientId={client.id} />
 *
 * `ScannedPapersPage` is the "Scanned papers" inbox: scan-in from the app, and the pages whose
 * code could not be read, assigned by hand to a client or discarded (scans.* calls).
 */
export { ClientDocumentsCard } from './ClientDocumentsCard';
export { ScannedPapersPage } from './ScannedPapersPage';
/** A printed packet's signed pages back through scan-in, and those missing (PacketHistory). */
export { PacketReturns } from './PacketReturns';
