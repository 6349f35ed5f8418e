// Where the analysis worker's code is. Run from source (Node 24 strips the types), it is
// worker.ts beside this file; in the command line's bundle (dist/cli/poplar.mjs, built by
// scripts/build.mjs) it is analysis-worker.mjs beside the bundle. The Electron main process is
// a CommonJS bundle without import.meta.url: it names its worker bundle itself (main/main.ts).
export function analysisWorkerScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('./worker.ts', here) : new URL('./analysis-worker.mjs', here);
}
