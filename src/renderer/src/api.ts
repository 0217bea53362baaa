/**
 * The renderer's only way into the core: typed calls over `window.api` (the Electron preload) or,
 * in a plain browser, over the web host. Failures arrive as `AppError` (code, message, fields, detail).
 *
 *   import { api } from '../api';
 *   const { items } = await api.call('clients.search', { query: 'djord' });
 */
import { apiOverBridge } from '../../shared/contract';
import { installWebBridge } from './web-bridge';

export const api = apiOverBridge(window.api ?? installWebBridge());
