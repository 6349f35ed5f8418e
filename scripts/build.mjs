// `npm run build`: bundles the Node-side entry points into dist/ with esbuild.
// npm packages stay external: they are production dependencies that ship beside the
// bundle (electron-builder packs node_modules), so the bundle holds only our code.
// Later entries (Electron main and preload, the Vite-built renderer) join this list as
// they are written; nothing here builds an entry that does not exist.
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
