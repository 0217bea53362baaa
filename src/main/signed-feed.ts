/**
 * electron-updater's generic provider with one step added: before the `latest*.yml` it fetched is
 * parsed, its `.sig` is fetched from beside it and verified with the release key built into the
 * app (shared/node/release-signature.ts). An unsigned yml, one signed by another key, or one changed
 * after signing fails the check like a network error would — nothing is downloaded — and the
 * reason goes to main.log. Everything else (channels, downloads, differential blockmaps, the
 * SHA-512 check of the installer against the verified yml) is electron-updater's own code.
 */
import type { KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type { GenericServerOptions } from 'builder-util-runtime';
import type { AppUpdater } from 'electron-updater';
import type { GenericProvider as GenericProviderType } from 'electron-updater/out/providers/GenericProvider';
import { publicKeyFromRaw, SIGNATURE_SUFFIX, verifyRelease } from '../shared/node/release-signature';
import { RELEASE_PUBLIC_KEY } from '../shared/node/release-key';

const require = createRequire(import.meta.url);

type ProviderClass = new (
  configuration: GenericServerOptions,
  updater: AppUpdater,
  runtimeOptions: unknown,
) => unknown;

/** What the provider reads of GenericProvider's private fields (stable across electron-updater 6). */
interface GenericInternals {
  channel: string;
  baseUrl: URL;
  updater: { isAddNoCacheQuery: boolean };
  httpRequest(url: URL): Promise<string | null>;
}

export function signedFeedProvider(
  trustedKey: KeyObject = publicKeyFromRaw(RELEASE_PUBLIC_KEY),
): ProviderClass {
  // Loaded on first use: electron-updater is only needed in an installed app.
  const { GenericProvider } = require('electron-updater/out/providers/GenericProvider') as {
    GenericProvider: typeof GenericProviderType;
  };
  const { parseUpdateInfo } = require('electron-updater/out/providers/Provider') as {
    parseUpdateInfo: (raw: string | null, channelFile: string, url: URL) => unknown;
  };
  const { getChannelFilename, newUrlFromBase } = require('electron-updater/out/util') as {
    getChannelFilename: (channel: string) => string;
    newUrlFromBase: (name: string, base: URL, noCache?: boolean) => URL;
  };
  const { newError } = require('builder-util-runtime') as {
    newError: (message: string, code: string) => Error;
  };

  class SignedFeedProvider extends GenericProvider {
    override async getLatestVersion() {
      const self = this as unknown as GenericInternals;
      const channelFile = getChannelFilename(self.channel);
      const noCache = self.updater.isAddNoCacheQuery;
      const channelUrl = newUrlFromBase(channelFile, self.baseUrl, noCache);
      const content = (await self.httpRequest(channelUrl)) ?? '';
      let signature: string | null;
      try {
        signature = await self.httpRequest(
          newUrlFromBase(`${channelFile}${SIGNATURE_SUFFIX}`, self.baseUrl, noCache),
        );
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        signature = null;
      }
      try {
        verifyRelease(channelFile, Buffer.from(content, 'utf8'), signature, trustedKey);
      } catch (error) {
        throw newError((error as Error).message, 'ERR_UPDATER_RELEASE_SIGNATURE');
      }
      return parseUpdateInfo(content, channelFile, channelUrl) as Awaited<
        ReturnType<GenericProviderType['getLatestVersion']>
      >;
    }
  }
  return SignedFeedProvider as unknown as ProviderClass;
}
