// What bench/memory-child.ts needs of a sync session, imported statically so that esbuild can
// bundle it into one file: the form the app (dist/electron/main.cjs) and the built command
// line (dist/cli/poplar.mjs) run, without Node's TypeScript stripper in the process.
export { openProfile } from '../electron/store/profile.ts';
export { addAccount } from '../electron/store/accounts.ts';
export { Secret } from '../electron/secrets/secret.ts';
export { runSession } from '../electron/sync/session.ts';
