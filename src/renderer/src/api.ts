/**
 * The renderer's only way into the core: typed calls over `window.api` (the Electron preload) or,
 * in a plain browser, over the web host. Failures arrive as `AppError` (code, message, fields, detail).
 *
 *   import { api } from '../api';
 *   const { items } = await api.call('clients.search', { query: 'djord' });
 */
import { apiOverBridge, type Api, type Method } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { callStarted, callSucceeded } from './ui/invalidation';
import { installWebBridge } from './web-bridge';

const bridged = apiOverBridge(window.api ?? installWebBridge());

type CallFailureListener = (error: AppError, method: Method) => void;
const failureListeners = new Set<CallFailureListener>();

/**
 * Tells the session gate (security/) about every failed call, whichever page made it, so a lock
 * or a lost sign-in shows at once; the page still gets the error and keeps its own state.
 */
export function onCallFailure(listener: CallFailureListener): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}

export const api: Api = {
  async call(method, input) {
    callStarted(method);
    try {
      const result = await bridged.call(method, input);
      callSucceeded(method); // open views that showed what this call changed load again
      return result;
    } catch (error) {
      if (error instanceof AppError) for (const listener of failureListeners) listener(error, method);
      throw error;
    }
  },
};
