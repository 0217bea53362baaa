import packageJson from '../../package.json' with { type: 'json' };

/** The application version, from package.json (one source for the app, the CLI and About). */
export const APP_VERSION: string = packageJson.version;
