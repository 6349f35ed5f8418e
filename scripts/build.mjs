// `npm run build`: bundles the Node-side entry points into dist/ with esbuild, then the
// window (renderer/) with Vite into dist/renderer.
// npm packages stay external in the Node bundles: they are production dependencies that
// ship beside the bundle (electron-builder packs node_modules), so the bundle holds only
// our code. The renderer bundle is the opposite: a browser page has no node_modules, so
// React and the rest are bundled in. Later entries (Electron main and preload) join the
// list as they are written; nothing here builds an entry that does not exist.
import { build } from 'esbuild';

const entries = [
  { in: 'electron/cli/poplar.ts', out: 'dist/cli/poplar.mjs', format: 'esm' },
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
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  console.log(`built ${entry.out} in ${Math.round(performance.now() - started)} ms`);
}

{
  const started = performance.now();
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
  console.log(`built dist/renderer in ${Math.round(performance.now() - started)} ms`);
}
