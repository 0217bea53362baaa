/**
 * The sandboxed preload: puts `window.api` (the contract's `Bridge`) in the page and nothing
 * else. It may only require `electron`, so it imports types alone from `shared`; main checks the
 * sender, the method and the input of every call.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge } from '../shared/contract';
import { CORE_INVOKE_CHANNEL } from './channel';

const api: Bridge = {
  invoke: (method, input) => ipcRenderer.invoke(CORE_INVOKE_CHANNEL, method, input),
};

contextBridge.exposeInMainWorld('api', api);
