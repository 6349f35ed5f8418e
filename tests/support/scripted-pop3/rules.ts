// Matching scripted rules (the server's hook), and constructors for the faults tests ask for most.
import { capabilityList } from '../../../electron/pop3-server/capabilities.ts';
import type { Moment } from '../../../electron/pop3-server/hook.ts';
import { BASE_MECHANISMS } from '../../../electron/pop3-server/sasl.ts';
import type { Rule, RuleCommand, RuleWhen } from './types.ts';
import { loginDelayRefusal, type LockRefusalWording } from './wordings.ts';

/** The CAPA lines of the scripted server when it has no TLS, no XOAUTH2 and no LOGIN-DELAY. */
export const DEFAULT_CAPABILITIES: readonly string[] = capabilityList({ mechanisms: BASE_MECHANISMS, stls: false });

function matches(when: RuleWhen, at: Moment): boolean {
  if (when.command.toUpperCase() !== at.command) return false;
  if (when.session !== undefined && when.session !== at.session) return false;
  if (when.nth !== undefined && when.nth !== at.nth) return false;
  if (when.arg === undefined) return true;
  return typeof when.arg === 'string' ? when.arg === at.arg : when.arg.test(at.arg);
}

/** The first rule that matches, removed from `rules` when it is a `once` rule. */
export function takeRule(rules: Rule[], at: Moment): Rule | undefined {
  const i = rules.findIndex((rule) => matches(rule.when, at));
  if (i < 0) return undefined;
  const rule = rules[i] as Rule;
  if (rule.once === true) rules.splice(i, 1);
  return rule;
}

/** What a constructor's caller may add: which session or occurrence, once, how to close. */
export type RuleExtras = Omit<RuleWhen, 'command'> & Pick<Rule, 'once' | 'close' | 'delayMs'>;

function rule(command: RuleCommand, action: Omit<Rule, 'when'>, extras: RuleExtras = {}): Rule {
  const { once, close, delayMs, ...when } = extras;
  const out: Rule = { when: { command, ...when }, ...action };
  if (once !== undefined) out.once = once;
  if (close !== undefined) out.close = close;
  if (delayMs !== undefined) out.delayMs = delayMs;
  return out;
}

/**
 * A lock refusal at `atCommand`. At PASS, APOP or AUTH it answers the command itself;
 * at `LOGIN` it comes after the credentials were accepted, as real servers do it.
 */
export function lockRefusal(wording: string | LockRefusalWording, atCommand: RuleCommand = 'PASS', extras?: RuleExtras): Rule {
  return rule(atCommand, { reply: typeof wording === 'string' ? wording : wording.reply }, extras);
}

/** RETR `msg` sends the first `afterBytes` bytes of its response, then the connection ends. */
export function dropMidRetr(msg: number, afterBytes: number, extras?: RuleExtras): Rule {
  return rule('RETR', { dropAfterBytes: afterBytes }, { arg: String(msg), ...extras });
}

/** `command` is never answered: for the client's timeouts. */
export function stallOn(command: RuleCommand, extras?: RuleExtras): Rule {
  return rule(command, { stall: true }, extras);
}

/**
 * `command` is answered with one `+OK` line of `length` octets, CRLF included: RFC 2449 §4
 * caps a response line at 512 octets counted that way, so 513 is the first too long.
 */
export function overlongLine(command: RuleCommand, length: number, extras?: RuleExtras): Rule {
  const filler = Math.max(0, length - '+OK \r\n'.length);
  return rule(command, { raw: `+OK ${'x'.repeat(filler)}\r\n` }, extras);
}

/**
 * The CAPA lines of a server with `LOGIN-DELAY seconds` (RFC 2449 §6.5), and the rule that
 * refuses a login with `[LOGIN-DELAY]` (RFC 2449 §8.1.1) after the credentials were
 * accepted. To have the server enforce the delay by its clock instead, start it with
 * `loginDelaySeconds`.
 */
export function loginDelayCapa(seconds: number, extras?: RuleExtras): { capabilities: string[]; refusal: Rule } {
  return {
    capabilities: [...DEFAULT_CAPABILITIES, `LOGIN-DELAY ${seconds}`],
    refusal: rule('LOGIN', { reply: loginDelayRefusal(seconds) }, extras),
  };
}

/** `command`'s reply (the default one unless `reply`/`raw` say otherwise) sent `bytes` every `everyMs`. */
export function dripFeed(command: RuleCommand, bytes: number, everyMs: number, extras?: RuleExtras & Pick<Rule, 'reply' | 'raw'>): Rule {
  const { reply, raw, ...rest } = extras ?? {};
  return rule(
    command,
    { drip: { bytes, everyMs }, ...(reply !== undefined ? { reply } : {}), ...(raw !== undefined ? { raw } : {}) },
    rest,
  );
}

/** `command` (RETR by default) gets "+OK" and then lines for ever, `linesPerTick` every `everyMs`. */
export function endlessReply(command: RuleCommand, everyMs: number, linesPerTick = 1, extras?: RuleExtras): Rule {
  return rule(command, { endless: { everyMs, linesPerTick } }, extras);
}

/** `command` is answered with bytes that are not POP3 at all. */
export function garbageReply(command: RuleCommand, extras?: RuleExtras): Rule {
  return rule(command, { raw: '\u0016\u0003\u0001 not a POP3 reply \u00ff\u00fe\r\n' }, extras);
}
