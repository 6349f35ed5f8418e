// The peer of bench/sync.ts: mpop (Debian package `mpop`), a POP3 client in C, delivering into a
// Maildir. Everything is given on the command line (`--host` makes mpop ignore any mpoprc), so
// no configuration file and no password file is written; the password comes from passwordeval of
// a harmless `echo`.
//
// Durability, checked with strace (mpop 1.4.18): each message is written to tmp/, fsync'd, then
// link()ed into new/ and unlinked from tmp/ — but the new/ folder is never fsync'd, so POSIX does
// not promise that the link survives a power loss (on ext4 the next message's fsync commits the
// journal that holds it, which leaves the last one at risk). The UIDLS file is written once, at the
// end of the session (temp file, fsync, rename, no folder fsync either).
// mpop adds a Received header to each message (its default, left on).
import { execFile } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export const MPOP = 'mpop';

/** Why mpop cannot run, with how to install it, or null when it can. */
export async function mpopMissing(): Promise<string | null> {
  try {
    await promisify(execFile)(MPOP, ['--version']);
    return null;
  } catch {
    return 'mpop is not installed (Debian: `apt-get install mpop`)';
  }
}

export interface MpopRun {
  host: string;
  port: number;
  user: string;
  password: string;
  /** A fresh Maildir (created here) and a UIDLS file that does not exist yet: an empty mpop state. */
  maildir: string;
  uidlsFile: string;
}

/** Creates the Maildir and returns mpop's arguments: download every message, keep them on the server. */
export async function mpopArgs(run: MpopRun): Promise<string[]> {
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(run.maildir, sub), { recursive: true, mode: 0o700 });
  return [
    '--quiet',
    `--host=${run.host}`,
    `--port=${run.port}`,
    '--tls=off',
    '--auth=user',
    `--user=${run.user}`,
    `--passwordeval=echo ${run.password}`,
    '--keep=on',
    '--only-new=off',
    `--delivery=maildir,${run.maildir}`,
    `--uidls-file=${run.uidlsFile}`,
  ];
}

/** Messages delivered into the Maildir. */
export async function maildirCount(maildir: string): Promise<number> {
  const [fresh, seen] = await Promise.all(['new', 'cur'].map((sub) => readdir(path.join(maildir, sub))));
  return (fresh?.length ?? 0) + (seen?.length ?? 0);
}
