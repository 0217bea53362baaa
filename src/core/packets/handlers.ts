import { PROCEDURE_OF_PACKET, recordPacketPrinted } from '../casework';
import type { CoreContext, Handlers } from '../context';
import { createPacketService } from './service';

type PacketMethod =
  | `packets.${'procedures' | 'preflight' | 'render' | 'list' | 'reprint' | 'recordOutput'}`
  | `fees.${'list' | 'save'}`
  | `municipalities.${'list' | 'save'}`;

export function packetHandlers(ctx: CoreContext): Handlers<PacketMethod> {
  // Printing a packet advances the client's procedure of that kind (casework, DOMAIN: issue 4).
  const packets = createPacketService({
    ...ctx,
    afterPrint: ({ clientId, procedure, packetId, printedAt }) =>
      recordPacketPrinted(ctx, {
        clientId,
        procedureKind: PROCEDURE_OF_PACKET[procedure],
        packetId,
        printedAt,
      }),
  });
  return {
    'packets.procedures': () => ({ items: packets.procedures() }),
    'packets.preflight': ({ clientId, options }) => packets.preflight(clientId, options),
    'packets.render': ({ clientId, options }) => packets.render(clientId, options),
    'packets.list': ({ clientId }) => ({ items: packets.list(clientId) }),
    'packets.reprint': ({ packetId }) => packets.reprint(packetId),
    'packets.recordOutput': ({ packetId, kind }) => packets.recordOutput(packetId, kind),
    'fees.list': ({ date, history }) => ({ items: packets.fees.list(date ?? packets.today(), history) }),
    'fees.save': ({ fee }) => packets.fees.save(fee),
    'municipalities.list': ({ date, history }) => ({
      items: packets.municipalities.list(date ?? packets.today(), history),
    }),
    'municipalities.save': ({ municipality }) => packets.municipalities.save(municipality),
  };
}
