// Tests that need a program from Debian (Dovecot, Chromium) skip with a printed reason
// on a machine without it, and fail instead when CI is set: a CI run that silently
// skipped its real-server tests would prove nothing (README, "Running the tests").
import { accessSync, constants } from 'node:fs';
import { describe, it } from 'vitest';

export interface Requirement {
  /** What is needed, in words: "Dovecot (Debian packages dovecot-core, dovecot-pop3d)". */
  what: string;
  /** Executables that must exist, as absolute paths. */
  programs: string[];
}

export const DOVECOT: Requirement = {
  what: 'Dovecot (Debian packages dovecot-core and dovecot-pop3d) and openssl',
  programs: ['/usr/sbin/dovecot', '/usr/lib/dovecot/pop3', '/usr/bin/openssl'],
};

/** Postfix in front of the Dovecot fixture (tests/support/postfix.ts). */
export const POSTFIX: Requirement = {
  what: 'Postfix (Debian package postfix)',
  programs: ['/usr/sbin/postfix', '/usr/lib/postfix/sbin/master', '/usr/lib/postfix/sbin/smtpd', '/usr/lib/postfix/sbin/virtual'],
};

export const CHROMIUM: Requirement = {
  what: 'Chromium (Debian package chromium)',
  programs: ['/usr/bin/chromium'],
};

/** popa3d under tcpserver (tests/support/servers/popa3d.ts); python3 holds the fcntl locks. */
export const POPA3D: Requirement = {
  what: 'popa3d (Debian package popa3d, unpacked by .ci/install-inetd-pop3.sh), tcpserver (ucspi-tcp) and python3',
  programs: [
    '/opt/poplar-test-servers/popa3d/usr/sbin/popa3d',
    '/usr/bin/tcpserver',
    '/usr/bin/python3',
    '/usr/sbin/useradd',
    '/usr/sbin/chpasswd',
  ],
};

/** solid-pop3d under tcpserver (tests/support/servers/solid-pop3d.ts). */
export const SOLID_POP3D: Requirement = {
  what: 'solid-pop3d (Debian package solid-pop3d, unpacked by .ci/install-inetd-pop3.sh), tcpserver (ucspi-tcp) and python3',
  programs: [
    '/opt/poplar-test-servers/solid-pop3d/usr/sbin/solid-pop3d',
    '/usr/bin/tcpserver',
    '/usr/bin/python3',
    '/usr/sbin/useradd',
    '/usr/sbin/chpasswd',
  ],
};

/** Courier POP3 with authdaemond and userdb (tests/support/servers/courier.ts). */
export const COURIER: Requirement = {
  what: 'Courier POP3 (Debian package courier-pop, unpacked by .ci/install-courier-cyrus.sh; courier-base, courier-authdaemon, courier-authlib-userdb) and openssl',
  programs: [
    '/opt/poplar-test-servers/courier/usr/lib/courier/courier/courierpop3login',
    '/opt/poplar-test-servers/courier/usr/lib/courier/courier/courierpop3d',
    '/usr/sbin/couriertcpd',
    '/usr/bin/couriertls',
    '/usr/lib/courier/courier-authlib/authdaemond',
    '/usr/sbin/makeuserdb',
    '/usr/bin/openssl',
  ],
};

/** Cyrus master, pop3d and imapd with a sasldb (tests/support/servers/cyrus.ts). */
export const CYRUS: Requirement = {
  what: 'Cyrus POP3 (Debian packages cyrus-pop3d, cyrus-common, cyrus-imapd, unpacked by .ci/install-courier-cyrus.sh; sasl2-bin) and openssl',
  programs: [
    '/opt/poplar-test-servers/cyrus/usr/lib/cyrus/bin/master',
    '/opt/poplar-test-servers/cyrus/usr/lib/cyrus/bin/pop3d',
    '/opt/poplar-test-servers/cyrus/usr/lib/cyrus/bin/imapd',
    '/usr/sbin/saslpasswd2',
    '/usr/bin/openssl',
  ],
};

/** The programs of `req` that are missing or not executable. */
export function missingPrograms(req: Requirement): string[] {
  return req.programs.filter((program) => {
    try {
      accessSync(program, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * `describe` when the requirement is met. Otherwise, outside CI: a skipped suite and a
 * printed reason; in CI: a suite with one failing test that names what is missing.
 */
export function describeWith(req: Requirement, name: string, body: () => void): void {
  describeWithAll([req], name, body);
}

/** `describeWith` for a suite that needs several programs (Chromium and Dovecot): all of them, or the reasons for each that is missing. */
export function describeWithAll(reqs: readonly Requirement[], name: string, body: () => void): void {
  const unmet = reqs.flatMap((req) => {
    const missing = missingPrograms(req);
    return missing.length === 0 ? [] : [{ req, missing }];
  });
  if (unmet.length === 0) {
    describe(name, body);
    return;
  }
  const what = unmet.map(({ req }) => req.what).join(' and ');
  const reason = `needs ${what}; missing: ${unmet.flatMap(({ missing }) => missing).join(', ')}`;
  if (inCi()) {
    describe(name, () => {
      it(`requires ${what}`, () => {
        throw new Error(`CI is set, so this suite may not skip: it ${reason}. .ci/run installs it.`);
      });
    });
    return;
  }
  console.warn(`[skip] ${name}: ${reason}. Install it (see README) to run these tests.`);
  describe.skip(`${name} (skipped: ${reason})`, body);
}
