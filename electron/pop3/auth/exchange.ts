// The shape every login method takes, so the socket layer drives them all the same way:
//
//   for each of exchange.commands:            USER, PASS │ APOP │ AUTH
//     send command.line
//     loop over the server's replies:
//       "+ challenge" (AUTH only)  ─► send exchange.respond(challenge)
//       "+OK"                      ─► next command (after the last one: logged in)
//       "-ERR …"                   ─► classifyAuthRefusal(status, command.step)
//
// If respond() throws (the server asks for more than the mechanism has), send SASL_CANCEL
// and read the -ERR that follows (RFC 5034 §4) before giving up.
import { Pop3Error } from '../errors.ts';
import { MAX_COMMAND_LINE_OCTETS } from '../limits.ts';
import type { AuthStep } from '../lock-refusal.ts';
import { command, commandOctets, saslResponse } from '../transcript.ts';
import type { Arg, CommandLine, SaslResponseLine } from '../transcript.ts';
import type { Secret } from '../../secrets/secret.ts';

export type AuthMethod = 'plain' | 'login' | 'cram-md5' | 'xoauth2' | 'apop' | 'user';

export interface AuthCommand {
  readonly step: Exclude<AuthStep, 'greeting'>;
  readonly line: CommandLine;
}

export interface AuthExchange {
  readonly method: AuthMethod;
  /** Sent in order; each must be answered +OK before the next one is sent. */
  readonly commands: readonly AuthCommand[];
  /**
   * The answer to a SASL challenge (the decoded "+ …" data) during the AUTH command.
   * Throws Pop3Error 'protocol' when the mechanism expects no (further) challenge.
   */
  respond(challenge: Buffer): SaslResponseLine;
}

/** Answers the n-th challenge (0-based, counted after any initial response) or returns null for "no more". */
export type ChallengeAnswer = (challenge: Buffer, turn: number) => Arg | null;

/**
 * A SASL exchange over AUTH (RFC 5034 §4). `initial` is the base64 initial response, or
 * null for mechanisms where the server speaks first (LOGIN, CRAM-MD5).
 *
 * The initial response rides on the AUTH command when the line fits in 255 octets; otherwise
 * the command goes alone and the response follows the server's empty "+" challenge — RFC 5034
 * §4 forbids the initial-response argument when it would make the command too long. That is
 * also the form Office 365 uses for XOAUTH2, whose tokens never fit. An empty initial
 * response is sent as "=" (RFC 5034 §4).
 */
export function saslExchange(method: AuthMethod, mechanism: string, initial: Secret | null, answer: ChallengeAnswer): AuthExchange {
  let line = command('AUTH', mechanism);
  let pendingInitial: Arg | null = null;
  if (initial !== null) {
    const data: Arg = initial.reveal() === '' ? '=' : initial;
    const withInitial = command('AUTH', mechanism, data);
    if (commandOctets(withInitial) <= MAX_COMMAND_LINE_OCTETS) line = withInitial;
    else pendingInitial = initial;
  }
  let turn = 0;
  return {
    method,
    commands: [{ step: 'AUTH', line }],
    respond(challenge: Buffer): SaslResponseLine {
      if (pendingInitial !== null) {
        const data = pendingInitial;
        pendingInitial = null;
        return saslResponse(data);
      }
      const data = answer(challenge, turn++);
      if (data === null) {
        throw new Pop3Error('protocol', { command: 'AUTH', message: `unexpected SASL challenge for ${mechanism}` });
      }
      return saslResponse(data);
    },
  };
}

/** RFC 4616 §2 and the XOAUTH2 format both use NUL or ^A as separators: refuse them in values. */
export function refuseSeparators(value: string, what: string, separators: readonly string[]): void {
  if (separators.some((c) => value.includes(c))) {
    throw new Pop3Error('invalid-argument', { command: 'AUTH', message: `the ${what} contains a character that cannot be sent` });
  }
}
