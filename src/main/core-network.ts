/**
 * The core's network inside the desktop's utility process (issue 16 point 8): sync goes where
 * updates go. Servers without a pin use Electron's `net.fetch` — Chromium's network stack, with
 * the system's proxy (PAC and WPAD included) and the OS certificate store. A pinned server needs
 * its certificate checked against the pin, which `net` cannot show, so Node's stack connects to it
 * through the proxy main names for the URL (an HTTP CONNECT tunnel; the pin is checked on the TLS
 * inside it). Runs in the utility process only.
 */
import { net } from 'electron';
import { fetchNetworkStack, useHostNetworkStack, type ProxyResolver } from '../core';

/**
 * `net` is one of the few modules Electron gives a utility process (`Electron.Utility` in
 * electron.d.ts: net, parentPort, systemPreferences); this fails to compile if it ever is not.
 */
const utilityNet: (typeof Electron.Utility)['net'] = net;

export function installCoreNetwork(resolveProxy: ProxyResolver): void {
  useHostNetworkStack(
    fetchNetworkStack((url, init) => utilityNet.fetch(url, init), 'electron'),
    { resolveProxy },
  );
}
