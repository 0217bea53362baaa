/**
 * src/renderer/src/packets — printing document packets from a client's profile and editing the
 * fee schedule and municipality codes in Settings. Talks to the core only through `api`.
 *
 *   <PrintPacketDialog clientId={id} onClose={…} onPacket={…} onOpenSettings={…} />
 *   <PacketHistory clientId={id} surname={client.names.latn.surname} refreshKey={n} />
 *   <FeeSettings />
 */
export { FeeSettings } from './FeeSettings';
export { PacketHistory } from './PacketHistory';
export { PrintPacketDialog, type PrintPacketDialogProps } from './PrintPacketDialog';
