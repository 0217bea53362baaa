/// <reference types="vite/client" />
import type { Bridge } from '../../shared/contract';
import type { DesktopBridge } from '../../shared/desktop';

declare global {
  interface Window {
    /** Set by the Electron preload; in a browser `installWebBridge` sets it. */
    api?: Bridge;
    /** Set by the Electron preload only: updates, logs, About, news from main. */
    desktop?: DesktopBridge;
  }
}

export {};
