/**
 * The options pdf.js opens every PDF with (./pdf-render): no string evaluated as code, no XFA,
 * no wasm, and no URL to fetch CMaps, standard fonts, ICC profiles or wasm from — pdf.js is given
 * the bytes and has nowhere to fetch anything. A module of its own so a test can read it without
 * loading pdf.js, which needs a browser.
 */
export const LOCKED_DOWN = {
  isEvalSupported: false,
  enableXfa: false,
  useWasm: false,
  useWorkerFetch: false,
  stopAtErrors: false,
  // A page image larger than 50 megapixels is skipped rather than decoded for a thumbnail.
  maxImageSize: 50_000_000,
  verbosity: 0,
} as const;
