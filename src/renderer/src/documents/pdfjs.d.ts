/**
 * pdf.js's own minified build (pdf.min.mjs, 420 KB) has the same exports as its main entry
 * (pdf.mjs, 790 KB once built here: the renderer build does not minify); only the main entry
 * ships types.
 */
declare module 'pdfjs-dist/build/pdf.min.mjs' {
  export * from 'pdfjs-dist';
}
