// Every npm script runs on the Node 24 that `npm ci` puts in node_modules/.bin (the
// `node` dev dependency); npm puts that folder first on PATH. This check turns a
// confusing failure later (no `node:sqlite`, no type stripping) into a clear message.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `Poplar needs Node 24 (Electron 45 embeds Node 24), but this is Node ${process.versions.node}.\n` +
      'Run it through npm (npm test, npm run …), which uses the Node 24 installed by `npm ci`.',
  );
  process.exit(1);
}
if (!process.argv.includes('--quiet')) console.log(`Node ${process.versions.node} (${process.execPath})`);
