// The window (renderer/) as static files in dist/renderer: loaded by Electron from disk and
// served by the browser-mode host. `base: './'` keeps every URL relative, so the same build
// works from file:// (or the app's protocol) and from http://127.0.0.1:PORT/.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Chromium in Electron 45 and Debian's Chromium: no down-levelling needed.
    target: 'chrome130',
    sourcemap: true,
    // The app page's CSP has no 'unsafe-inline' for scripts: never inline a module as a data: URL.
    assetsInlineLimit: 0,
  },
});
