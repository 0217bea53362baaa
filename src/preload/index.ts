/**
 * The sandboxed preload: puts `window.api` (the contract's `Bridge`) and `window.desktop` (updates,
 * logs, About, news from main) in the page and nothing else. It may only require `electron`, so
 * it imports types alone from `shared`; main checks the sender and validates every request.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../shared/contract';
import type { DesktopBridge, DesktopEvent } from '../shared/desktop';
import {
  CORE_INVOKE_CHANNEL,
  DESKTOP_EVENT_CHANNEL,
  DESKTOP_LOG_CHANNEL,
  DESKTOP_REQUEST_CHANNEL,
} from './channel';

const api: Bridge = {
  invoke: (method, input) => ipcRenderer.invoke(CORE_INVOKE_CHANNEL, method, input),
};

const desktop: DesktopBridge = {
  request: (request) => ipcRenderer.invoke(DESKTOP_REQUEST_CHANNEL, request),
  onEvent(listener) {
    // The page gets the event's data only, never Electron's event object.
    const relay = (_event: IpcRendererEvent, data: DesktopEvent) => listener(data);
    ipcRenderer.on(DESKTOP_EVENT_CHANNEL, relay);
    return () => ipcRenderer.removeListener(DESKTOP_EVENT_CHANNEL, relay);
  },
  log: (level, message) => ipcRenderer.send(DESKTOP_LOG_CHANNEL, level, message),
};

contextBridge.exposeInMainWorld('api', api);
contextBridge.exposeInMainWorld('desktop', desktop);
