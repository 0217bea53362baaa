/**
 * src/renderer/src/desktop — the cards and notices only the installed app has: updates, "about"
 * (versions, the logs folder), the core-restart notice, printing through the OS, and the key
 * screen's own page (key-screen/, key.html). They reach main through `window.desktop`, wrapped in
 * ../desktop-bridge.ts beside api.ts, so other folders (security/'s session gate, main.tsx) can use
 * the bridge without importing these cards, which need the session (security/) themselves.
 */
export { AboutCard } from './AboutCard';
export { CoreRestartNotice } from './CoreRestartNotice';
export { UpdatesCard } from './UpdatesCard';
