import type { SyncPreview, SyncStatus } from '../../shared/contract/sync';

/** The lines of `sync --preview` and of a long sync's progress (the sync command, sync.ts). */

const figure = (n: number) => n.toLocaleString('en-US');
/** "procedure_steps" → "procedure steps": a kind of record as the line names it. */
const kindName = (kind: string) => kind.replaceAll('_', ' ');

/** "01.12.2026 21:50": how the desk writes a moment (local time). */
function moment(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** "12.4 kB": bytes as a person reads them. */
export function sizeText(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

/** "PC 3f2a91c0": an office PC by its clock id (the server does not name other PCs to this one). */
export function pcName(pc: { node: string; name: string | null; thisPc: boolean }): string {
  if (pc.thisPc) return 'this PC';
  return pc.name ?? `PC ${pc.node.slice(0, 8)}`;
}

export function previewLines(preview: SyncPreview): string[] {
  const lines: string[] = [];
  const out = preview.outgoing;
  if (out.changes === 0) lines.push('Nothing waits to be sent.');
  else {
    lines.push(`To be sent: ${figure(out.changes)} change(s) to ${figure(out.records)} record(s):`);
    for (const kind of out.kinds)
      lines.push(
        `  ${kindName(kind.kind)}: ${figure(kind.records)} record(s), ${figure(kind.changes)} change(s)`,
      );
    for (const item of out.items) {
      const what =
        item.action === 'edited' && item.fields.length > 0
          ? `edited: ${item.fields.join(', ')}`
          : item.action;
      lines.push(`  ${item.label} — ${kindName(item.kind)}, ${what}`);
    }
    if (out.more > 0) lines.push(`  … and ${figure(out.more)} more record(s)`);
  }
  const received = preview.lastReceived;
  if (!received) lines.push('Nothing has been received from elsewhere yet.');
  else if (received.records === 0)
    lines.push(`The last sync (${moment(received.at)}) brought nothing from elsewhere.`);
  else {
    lines.push(
      `The last sync (${moment(received.at)}) brought ${figure(received.records)} record(s) from elsewhere` +
        `${received.complete ? '' : ' (it stopped before the end; the rest comes next time)'}:`,
    );
    for (const pc of received.from) {
      const kinds = Object.entries(pc.kinds)
        .map(([kind, n]) => `${kindName(kind)} ${figure(n)}`)
        .join(', ');
      const who = pc.who.length > 0 ? ` by ${pc.who.join(', ')}` : '';
      const when = pc.latestAt ? `; latest change ${moment(pc.latestAt)}` : '';
      lines.push(`  from ${pcName(pc)}: ${figure(pc.records)} record(s) (${kinds})${who}${when}`);
    }
    for (const item of received.items) lines.push(`  ${item.label} — ${kindName(item.kind)}`);
    if (received.more > 0) lines.push(`  … and ${figure(received.more)} more record(s)`);
  }
  lines.push('Nothing was sent: this is a preview.');
  return lines;
}

/** "Receiving: 1,240 of 2,000 records here; 96.0 kB received, 0.4 kB sent". */
export function progressLine(running: NonNullable<SyncStatus['running']>): string {
  const bytes = `${sizeText(running.bytesReceived ?? 0)} received, ${sizeText(running.bytesSent ?? 0)} sent`;
  if (running.cancelling) return `Cancelling… ${bytes}`;
  if (running.phase === 'push') {
    const of = running.toPush ? ` of ${figure(running.toPush)}` : '';
    return `Sending: ${figure(running.pushed)}${of} changes sent; ${bytes}`;
  }
  const here =
    running.total !== null && running.total !== undefined
      ? `${figure(running.records ?? 0)} of ${figure(running.total)} records here`
      : `${figure(running.pulled)} changes received`;
  return `Receiving: ${here}; ${bytes}`;
}
