import type { Client } from '../../shared/client';
import { PacketOptions, type PacketProcedure } from '../../shared/packets';
import type { FontMetrics } from './fonts';
import { pageCodeFor, type PageCodeKeys } from '../documents/page-code';
import { packetDocument, type PageCodeOf } from './layout/packet';
import type { RenderPdf } from './pdf';
import { preflightPacket } from './preflight';
import type { PacketResources } from './resources';
import { resolveOptions, variantOf, applies, type PacketSnapshot } from './snapshot';

/**
 * The first packet after start took ~290 ms against ~45 ms warm: pdfmake's and fontkit's first
 * use (parsing the two fonts, shaping the template words, the QR encoder, the JIT). Drawing one
 * throwaway packet of each procedure while the core is idle after start moves that cost off the
 * counsellor's first click. Nothing is read from or written to the database: the sample client
 * and fee below exist only in memory, and the PDFs are dropped. Once per process, since the
 * parsed fonts and shaping caches are shared by every core in it.
 */

/** A client that exists only in memory: the warm-up's packets are drawn for her and dropped. */
export const WARM_UP_CLIENT: Client = {
  id: 'warm-up',
  surname: 'Đorđević',
  givenName: 'Ljubica',
  parentName: 'Milan',
  nameOverrides: null,
  nameScript: 'latn',
  names: {
    latn: { surname: 'Đorđević', givenName: 'Ljubica', parentName: 'Milan' },
    cyrl: { surname: 'Ђорђевић', givenName: 'Љубица', parentName: 'Милан' },
  },
  sex: 'F',
  birthDate: '1990-01-01',
  birthPlace: 'Niš',
  birthCountry: 'Srbija',
  jmbg: '0101990715000',
  jmbgValid: true,
  jmbgOverrideReason: null,
  citizenship: 'Republika Srbija',
  phone: '064 123 4567',
  address: {
    place: 'Niš',
    municipality: 'Pantelej',
    street: 'Vožda Karađorđa',
    number: '12',
    entrance: null,
    floor: null,
    flat: '4',
  },
  residenceStatus: null,
  category: 'returnee_germany',
  returnDate: null,
  returnCountry: null,
  readmission: null,
  documents: [],
  notes: null,
  preferredScript: 'latn',
  readingLanguage: 'sr',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

export const WARM_UP_PACKET_ID = '00000000-0000-7000-8000-000000000000';

/** A key that exists only in memory: the warm-up's page codes are drawn with it and dropped. */
const WARM_UP_KEYS: PageCodeKeys = {
  current: () => ({ id: 'WARM', secret: Buffer.alloc(32) }),
  byId: () => null,
};

/** Page codes for the warm-up's packets, so the QR encoder's alphanumeric path is warm too. */
export const warmUpPageCode: PageCodeOf = (document, page) =>
  pageCodeFor(WARM_UP_KEYS, { packetId: WARM_UP_PACKET_ID, document, page });

let warmed: Promise<void> | null = null;
/** Twice over: V8 optimises the layout code only after it has run a few times. */
const WARM_UP_ROUNDS = 2;

export function warmUpPackets(
  resources: PacketResources,
  fonts: FontMetrics,
  renderPdf: RenderPdf,
): Promise<void> {
  warmed ??= (async () => {
    for (let round = 0; round < WARM_UP_ROUNDS; round++)
      for (const [id, { content: procedure }] of resources.procedures) {
        for (const script of ['latn', 'cyrl'] as const) {
          const options = resolveOptions(
            PacketOptions.parse({
              procedure: id as PacketProcedure,
              script,
              basis: id === 'health' ? 'unemployed' : null,
              registryRequests: true,
            }),
            WARM_UP_CLIENT,
          );
          const variant = variantOf(options);
          const snapshot: PacketSnapshot = {
            packetId: WARM_UP_PACKET_ID,
            createdAt: new Date().toISOString(),
            client: WARM_UP_CLIENT,
            options,
            procedure,
            templates: procedure.documents
              .filter((doc) => applies(doc.when, variant))
              .map((doc) => resources.templates.get(doc.template)!.content),
            phrases: resources.phrases.content,
            municipality: null,
            fees: [],
          };
          preflightPacket(snapshot, fonts, snapshot.createdAt.slice(0, 10));
          await renderPdf(packetDocument(snapshot, fonts, warmUpPageCode));
          // Let a call that arrives meanwhile go first: warming is only worth it while idle.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
  })();
  return warmed;
}
