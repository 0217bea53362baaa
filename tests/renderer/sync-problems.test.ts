import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { createI18n, LANGUAGES } from '../../src/renderer/src/i18n';
import { problemFromError } from '../../src/renderer/src/ui/problems';

/**
 * A sync that fails for a reason a person can act on says that reason, not the generic "the
 * server cannot be reached; try again": an office proxy that refuses (only IT can change it), a
 * link that went quiet, a server with another certificate.
 */
describe('sync failures in the person’s words', () => {
  const cases = [
    [
      new AppError('SYNC_LINK', 'x', { detail: { reason: 'proxy', proxy: 'proxy.lan:3128', status: 403 } }),
      'errors:sync.proxy',
    ],
    [
      new AppError('SYNC_LINK', 'x', { detail: { reason: 'proxy', proxy: 'proxy.lan:3128', status: 407 } }),
      'errors:sync.proxySignIn',
    ],
    [
      new AppError('SYNC_LINK', 'x', { detail: { reason: 'proxy', proxy: 'SOCKS5 h:1' } }),
      'errors:sync.proxy',
    ],
    [new AppError('SYNC_LINK', 'x', { detail: { reason: 'stalled' } }), 'errors:sync.stalled'],
    [new AppError('SYNC_REFUSED', 'x', { detail: { reason: 'certificate' } }), 'errors:sync.certificate'],
    [new AppError('SYNC_LINK', 'x', { detail: { reason: 'network' } }), 'errors:code.SYNC_LINK'],
  ] as const;

  it('picks the message of the reason, and keeps the core’s sentence for the tooltip', () => {
    for (const [error, key] of cases) {
      const problem = problemFromError(error);
      expect(problem.key).toBe(key);
      expect(problem.raw).toBe('x');
    }
    expect(problemFromError(cases[0][0]).values).toEqual({ proxy: 'proxy.lan:3128' });
  });

  it('has each message in every language, naming the proxy', async () => {
    for (const language of LANGUAGES) {
      const i18n = await createI18n(language);
      for (const [error] of cases) {
        const { key, values } = problemFromError(error);
        const text = i18n.t(key, values);
        expect(text, `${language} ${key}`).not.toBe(key.replace(/^errors:/, ''));
        if (values?.proxy) expect(text).toContain(values.proxy);
      }
    }
  });
});
