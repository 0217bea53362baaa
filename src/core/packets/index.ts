/**
 * src/core/packets — document packets (DOMAIN.md §2–§3): one A4 PDF per client and procedure with
 * a cover checklist, pre-filled forms and statements, payment slips with NBS IPS QR codes and an
 * instruction sheet. Templates, fees and municipality codes are data (`resources/packets/`,
 * versioned in the database); preflight names every problem before anything is drawn; pdfmake
 * draws; every packet is logged with what it was made from so a reprint is identical.
 * Imports only `src/shared` and the rest of `src/core`.
 */
export { packetHandlers } from './handlers';
export { createPacketService, type PacketService } from './service';
