import { randomBytes } from 'node:crypto';
import { createCore } from '../src/core';
import type { PacketOptionsInput } from '../src/shared/packets';

/**
 * One fresh process, as an office PC after start: open the core, add a client, wait `idleMs`
 * (0 = a packet asked for at once; otherwise the core is idle after start and warms the renderer),
 * then time the first `packets.render`. Prints one JSON line.
 */
const [dataDir, idleArg, optionsJson] = process.argv.slice(2);
const idleMs = Number(idleArg ?? '0');
const options = JSON.parse(optionsJson ?? '{"procedure":"residence"}') as PacketOptionsInput;

const startedAt = performance.now();
const core = createCore({ dataDir: dataDir!, databaseKey: randomBytes(32), log: () => {} });
const openMs = performance.now() - startedAt;
const client = await core.call('clients.create', {
  client: {
    surname: 'Jovanović',
    givenName: 'Dragana',
    parentName: 'Milan',
    jmbg: '0101990715000',
    birthPlace: 'Niš',
    birthCountry: 'Srbija',
    address: { place: 'Beograd', municipality: 'Voždovac', street: 'Ustanička', number: '12' },
    category: 'returnee_germany',
    preferredScript: 'latn',
  },
});
if (idleMs > 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
const cpuBefore = process.cpuUsage();
const renderStarted = performance.now();
const result = await core.call('packets.render', { clientId: client.id, options });
const firstMs = performance.now() - renderStarted;
// CPU time too: on a loaded machine the wall time says more about the neighbours than the packet.
const cpu = process.cpuUsage(cpuBefore);
const firstCpuMs = (cpu.user + cpu.system) / 1000;
core.close();
console.log(JSON.stringify({ openMs, firstMs, firstCpuMs, status: result.status }));
