/// <reference types="vite/client" />
import type { Bridge } from '../../shared/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; in a browser `installWebBridge` sets it. */
    api?: Bridge;
  }
}

export {};
