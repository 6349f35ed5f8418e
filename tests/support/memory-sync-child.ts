// A sync session alone in its own process, so that its memory can be measured cleanly
// (electron/sync/memory.dovecot.test.ts):
//
//   node tests/support/memory-sync-child.ts PROFILE_DIR LOCK_DIR ACCOUNT_NAME
//
// with the password in POPLAR_MEMORY_TEST_PASSWORD. Prints one JSON line:
// { baselineRss, maxRss, downloaded, outcome, error } where baselineRss is the resident set
// right before the session (every module loaded, the profile open) and maxRss the peak
// resident set of the whole process, read after the session.
import { findAccount } from '../../electron/store/accounts.ts';
import { openProfile } from '../../electron/store/profile.ts';
import { Secret } from '../../electron/secrets/secret.ts';
import { runSession } from '../../electron/sync/session.ts';

const [profileDir, lockDir, accountName] = process.argv.slice(2);
const password = process.env.POPLAR_MEMORY_TEST_PASSWORD;
if (profileDir === undefined || lockDir === undefined || accountName === undefined || password === undefined) {
  process.stderr.write('usage: memory-sync-child.ts PROFILE_DIR LOCK_DIR ACCOUNT_NAME (password in POPLAR_MEMORY_TEST_PASSWORD)\n');
  process.exit(2);
}

const profile = openProfile(profileDir);
try {
  const account = findAccount(profile.db, accountName);
  if (account === null) throw new Error(`no account ${accountName} in ${profileDir}`);
  const baselineRss = process.memoryUsage().rss;
  const result = await runSession({ profile, lockDir, now: Date.now, password: async () => new Secret(password) }, account, {
    trigger: 'memory-test',
  });
  const maxRss = process.resourceUsage().maxRSS * 1024; // maxRSS is in kilobytes
  process.stdout.write(
    JSON.stringify({ baselineRss, maxRss, downloaded: result.downloaded, outcome: result.outcome, error: result.error }) + '\n',
  );
} finally {
  profile.close();
}
