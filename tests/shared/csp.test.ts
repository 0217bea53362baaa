import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';

/** The policy as directive → sources, so each directive is checked on its own. */
function directives(policy: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) found.set(name, sources);
  }
  return found;
}

describe('the renderer Content Security Policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('has each directive once', () => {
    const names = CONTENT_SECURITY_POLICY.split(';').map((part) => part.trim().split(/\s+/)[0]);
    expect(new Set(names).size).toBe(names.length);
  });

  it("runs script and workers (pdf.js's) only from the app's own files: no blob:, data: or eval", () => {
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|strict-dynamic/);
  });

  it('fetches nothing from elsewhere (pdf.js gets the bytes, no CMaps or fonts from a network)', () => {
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('font-src')).toEqual(["'self'", 'data:']);
    for (const sources of policy.values())
      for (const source of sources) expect(source).not.toMatch(/^(https?:|\*|wss?:)/);
  });

  it('shows drawn thumbnails and the PDF preview from blob: URLs, and cannot be framed', () => {
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('frame-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });
});
