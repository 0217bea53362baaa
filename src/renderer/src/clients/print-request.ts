/**
 * "Save and print packet" (Alt+P on the client form): the form asks, the profile that opens next
 * starts with the packet dialog open. One request at a time; the profile clears it once open.
 */
let requested: string | null = null;

export function askToPrintOnOpen(clientId: string): void {
  requested = clientId;
}

export function printRequested(clientId: string): boolean {
  return requested === clientId;
}

export function clearPrintRequest(): void {
  requested = null;
}
