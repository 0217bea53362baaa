import { AppError } from '../../shared/errors';
import { formatPin, normalisePin, presentedCertificate } from './network';
import { plainCause } from './transport';

/**
 * Which server certificate an enrolling PC will trust from now on (issue 13 point 2). A server
 * on this computer (http://127.0.0.1) needs none. An https server's certificate is pinned by its
 * SHA-256 fingerprint: the one the administrator gave with the enrolment code when there is one,
 * else the one the server shows at enrolment (trust on first use, shown to the person so they can
 * compare). Every later request checks it, so an intranet self-signed certificate works and
 * nobody on the office network can stand in for the server.
 */
export async function pinFor(serverUrl: string, given: string | null): Promise<string | null> {
  const url = new URL(serverUrl);
  if (url.protocol !== 'https:') return null;
  const expected = given ? normalisePin(given) : null;
  if (given && !expected) {
    throw new AppError(
      'VALIDATION',
      'The certificate fingerprint has 64 hexadecimal digits (pairs like AB:CD:…); check what the administrator gave you.',
      { fields: { certificatePin: 'Not a SHA-256 fingerprint' } },
    );
  }
  let presented: string;
  try {
    presented = await presentedCertificate(serverUrl, AbortSignal.timeout(15_000));
  } catch (error) {
    throw new AppError(
      'SYNC_LINK',
      `Could not reach the sync server at ${serverUrl.replace(/\/+$/, '')} (${plainCause(error)}). Check the connection and try again; nothing is lost.`,
      { detail: { reason: 'network' } },
    );
  }
  if (expected && presented !== expected) {
    throw new AppError(
      'SYNC_REFUSED',
      `The server shows the certificate ${formatPin(presented)}, not the one the administrator gave (${formatPin(expected)}). ` +
        'Nothing was sent. Check the address and the fingerprint with the administrator.',
      { detail: { reason: 'certificate' } },
    );
  }
  return presented;
}
