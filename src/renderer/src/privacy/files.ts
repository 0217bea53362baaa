/** Hands bytes to the browser as a download (the same in Electron and the web host). */
export function downloadBytes(fileName: string, bytes: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the download a moment to start before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}

/** Casework entries in an export, for telling the person at the desk what went into it. */
export function casesIn(json: string): number {
  const data = JSON.parse(json) as Record<string, unknown>;
  return ['services', 'procedures', 'referrals', 'appointments']
    .map((part) => (Array.isArray(data[part]) ? (data[part] as unknown[]).length : 0))
    .reduce((a, b) => a + b, 0);
}
