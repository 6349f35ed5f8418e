// How `poplar probe` shows what it found, for people and (with --json) for programs.
import type { SessionFacts } from '../pop3/client.ts';
import type { MaildropStat } from '../pop3/commands/maildrop.ts';

export interface ProbeReport {
  readonly facts: SessionFacts;
  readonly stat: MaildropStat;
  readonly quitAcknowledged: boolean;
  readonly ms: number;
}

const SECURITY_WORDS = { tls: 'TLS (POP3S)', starttls: 'STARTTLS (STLS)', none: 'no encryption' } as const;

export function formatProbe(report: ProbeReport): string {
  const { facts, stat } = report;
  const caps = facts.capabilities;
  const lines = [`Connected to ${facts.host}:${facts.port} in ${report.ms} ms.`];
  if (facts.tls) {
    const c = facts.tls.certificate;
    lines.push(`Security:     ${SECURITY_WORDS[facts.security]}, ${facts.tls.protocol ?? '?'} ${facts.tls.cipher ?? ''}`.trimEnd());
    lines.push(`Certificate:  ${c.subject ?? '(none)'}; issued by ${c.issuer ?? '(unknown)'}; valid until ${c.validTo ?? '?'}`);
    lines.push(`              SHA-256 ${c.fingerprint256 ?? '?'}`);
    lines.push(
      `              trusted by ${facts.tls.verifiedBy === 'pinned-fingerprint' ? 'its pinned fingerprint' : 'a certificate authority'}`,
    );
  } else {
    lines.push('Security:     none — the password and your mail cross the network unencrypted');
  }
  lines.push(`Signed in:    with ${facts.authMethod.toUpperCase()}`);
  lines.push(`Server:       ${facts.greeting}${caps.implementation ? ` (${caps.implementation})` : ''}`);
  lines.push(`Capabilities: ${caps.known ? caps.raw.join(', ') || '(none)' : 'not announced (no CAPA)'}`);
  lines.push(`Mailbox:      ${stat.count} message${stat.count === 1 ? '' : 's'}, ${formatBytes(stat.octets)}`);
  lines.push(
    `Login delay:  ${caps.loginDelaySeconds === null ? 'none announced' : `the server allows a login every ${formatSeconds(caps.loginDelaySeconds)}; Poplar will not check more often`}`,
  );
  if (caps.expireDays !== null)
    lines.push(
      `Expiry:       ${caps.expireDays === 'never' ? 'the server keeps downloaded mail' : `the server deletes mail ${caps.expireDays} days after it is downloaded`}`,
    );
  if (!caps.uidl) lines.push('Warning:      the server has no UIDL, so mail cannot safely be left on the server');
  if (!report.quitAcknowledged) lines.push('Note:         the server did not acknowledge QUIT');
  return lines.join('\n');
}

export function probeJson(report: ProbeReport): Record<string, unknown> {
  const { facts, stat } = report;
  return {
    ok: true,
    host: facts.host,
    port: facts.port,
    security: facts.security,
    tls: facts.tls,
    authMethod: facts.authMethod,
    greeting: facts.greeting,
    capabilities: facts.capabilities,
    messages: stat.count,
    octets: stat.octets,
    loginDelaySeconds: facts.capabilities.loginDelaySeconds,
    quitAcknowledged: report.quitAcknowledged,
    ms: report.ms,
  };
}

export function formatBytes(octets: number): string {
  if (octets < 1024) return `${octets} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = octets / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function formatSeconds(seconds: number): string {
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}
