import { PROCEDURE_OF_PACKET } from '../../shared/packets';
import type { CoreContext, Handlers } from '../context';
import { createPacketService } from './service';

/** How long after start the core waits before warming the renderer (start-up work goes first). */
const WARM_UP_AFTER_MS = 300;

/** The name migration 0003 gives the office until the first-run wizard names it. */
const UNNAMED_OFFICE = 'This office';

type PacketMethod =
  | `packets.${'procedures' | 'preflight' | 'render' | 'list' | 'reprint' | 'recordOutput'}`
  | `fees.${'list' | 'save'}`
  | `municipalities.${'list' | 'save'}`
  | `packets.${'officeSettings' | 'saveOfficeSettings'}`;

/** What packets ask of other areas (createCore hands them in): the office's name, the counsellors. */
export interface PacketPorts {
  profile: { read(): { name: string } };
  accounts: { list(): readonly { username: string; displayName: string }[] };
}

export function packetHandlers(ctx: CoreContext, { profile, accounts }: PacketPorts): Handlers<PacketMethod> {
  const packets = createPacketService({
    ...ctx,
    // Before the wizard names the office it is casework's placeholder "This office": English, not printed.
    officeName: () => {
      const name = profile.read().name;
      return name === UNNAMED_OFFICE ? null : name;
    },
    counsellorName: () => accounts.list().find((user) => user.username === ctx.actor())?.displayName ?? null,
    // Printing a packet advances the client's procedure of that kind (casework, DOMAIN: issue 4).
    afterPrint: ({ clientId, procedure, packetId, printedAt }) =>
      ctx.casework.procedures.recordPacketPrinted({
        clientId,
        procedureKind: PROCEDURE_OF_PACKET[procedure],
        packetId,
        printedAt,
      }),
  });
  // When the core is idle after start, warm pdfmake and the fonts (issue 12: first packet ≤ 100 ms).
  // Not under vitest: no test waits for a first packet, and the warm-up would only take CPU from
  // the tests (tests/packets/warm-up.test.ts calls it directly).
  if (!process.env.VITEST) {
    const warmUp = setTimeout(() => {
      packets.warmUp().catch((error: unknown) => ctx.log(`[packets] warm-up failed: ${String(error)}`));
    }, WARM_UP_AFTER_MS);
    warmUp.unref?.();
  }
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
    'packets.officeSettings': () => packets.office.read(),
    'packets.saveOfficeSettings': ({ settings }) => packets.office.save(settings),
  };
}
