// `npm run build`: bundles the Node-side entry points into dist/ with esbuild, then the
// window (renderer/) with Vite into dist/renderer.
// npm packages stay external in the Node bundles: they are production dependencies that
// ship beside the bundle (electron-builder packs node_modules), so the bundle holds only
// our code. The renderer bundle is the opposite: a browser page has no node_modules, so
// React and the rest are bundled in.
// The Electron main process is CommonJS (package.json "main": dist/electron/main.cjs) with
// 'electron' external. The preload runs sandboxed, and a sandboxed preload must be a single
// CommonJS file that requires nothing but 'electron': everything else is bundled in.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const entries = [
  { in: 'electron/cli/poplar.ts', out: 'dist/cli/poplar.mjs', format: 'esm' },
  { in: 'electron/main/main.ts', out: 'dist/electron/main.cjs', format: 'cjs', external: ['electron'] },
  // The analysis worker (electron/analysis/worker.ts), beside each bundle that starts it.
  { in: 'electron/analysis/worker.ts', out: 'dist/cli/analysis-worker.mjs', format: 'esm' },
  { in: 'electron/analysis/worker.ts', out: 'dist/electron/analysis-worker.cjs', format: 'cjs' },
  { in: 'electron/preload/preload.ts', out: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'], bundleAll: true },
];

for (const entry of entries) {
  const started = performance.now();
  await build({
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: entry.format,
    ...(entry.bundleAll ? {} : { packages: 'external' }),
    external: entry.external ?? [],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  console.log(`built ${entry.out} in ${Math.round(performance.now() - started)} ms`);
}

// The tray icon ships beside the main bundle (electron-builder packs dist/**, not build/).
mkdirSync('dist/electron', { recursive: true });
copyFileSync('build/icons/32x32.png', 'dist/electron/tray.png');

{
  const started = performance.now();
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
  console.log(`built dist/renderer in ${Math.round(performance.now() - started)} ms`);
}
