// Drives a login exchange (auth/exchange.ts) over the connection: USER+PASS, APOP, or AUTH
// with SASL continuations (RFC 5034 §4). A refusal is classified at the step where it came,
// so a locked mailbox refused at PASS is never reported as a wrong password.
//
// Silence after the credentials is a case of its own (issue 10): popa3d and solid-pop3d
// answer the greeting and USER, then block in fcntl(F_SETLKW) on the mbox until another
// process lets it go, and only then answer PASS. That is a server waiting on a mailbox lock,
// not a network problem: it gets a longer wait (LOGIN_STALL_TIMEOUT_MS), the code
// 'login-stalled', and a transcript line saying where the silence began.
import type { AuthExchange } from '../auth/exchange.ts';
import { seconds, type ReadBudget } from '../budget.ts';
import type { Pop3Connection } from '../connection.ts';
import { isPop3Error, Pop3Error } from '../errors.ts';
import { classifyAuthRefusal, type RefusalContext } from '../lock-refusal.ts';
import type { StatusLine } from '../response.ts';
import { SASL_CANCEL, type ClientLine } from '../transcript.ts';
import { statusBudget } from './expect-ok.ts';

type Step = 'USER' | 'PASS' | 'APOP' | 'AUTH';

export async function authenticate(conn: Pop3Connection, exchange: AuthExchange, context: RefusalContext): Promise<void> {
  for (const { step, line } of exchange.commands) {
    conn.send(line);
    let credentialsSent = carriesCredentials(step, line);
    for (;;) {
      const reply = await readReply(conn, step, credentialsSent);
      if (reply.kind === 'continue') {
        let answer;
        try {
          answer = exchange.respond(reply.challenge);
        } catch (error) {
          // The server asked for more than the mechanism has: cancel, read its -ERR, give up.
          conn.send(SASL_CANCEL);
          await conn.readStatus(statusBudget(conn, 'AUTH'));
          throw error;
        }
        conn.send(answer);
        credentialsSent = true; // every SASL response carries (part of) the credentials
        continue;
      }
      if (reply.status.ok) break;
      throw refusal(reply.status, step, context);
    }
  }
}

/** PASS and APOP carry the secret; AUTH does when it has an initial response (RFC 5034 §4). */
function carriesCredentials(step: Step, line: ClientLine): boolean {
  if (step === 'PASS' || step === 'APOP') return true;
  return step === 'AUTH' && line.kind === 'command' && line.args.length > 1;
}

/**
 * One reply of the login. Before the credentials (USER, a bare AUTH) it is an ordinary
 * one-line reply. After them, the server may be waiting on the mailbox lock: the wait is
 * LOGIN_STALL_TIMEOUT_MS, and running out, or the server hanging up after a silence of at
 * least LOGIN_STALL_CLOSE_MS, is 'login-stalled', not 'timeout' or 'connection-closed'.
 */
async function readReply(conn: Pop3Connection, step: Step, credentialsSent: boolean) {
  const read = (budget: ReadBudget) =>
    step === 'AUTH' ? conn.readAuthReply(budget) : conn.readStatus(budget).then((status) => ({ kind: 'status' as const, status }));
  if (!credentialsSent) return read(statusBudget(conn, step));
  const { loginStallMs, loginStallCloseMs } = conn.limits;
  const sentAt = Date.now();
  const budget: ReadBudget = {
    deadline: sentAt + loginStallMs,
    idleMs: loginStallMs,
    expired: (_kind, waitedMs) => stalled(conn, step, waitedMs, false),
  };
  try {
    return await read(budget);
  } catch (error) {
    const silentMs = Date.now() - sentAt;
    if (isPop3Error(error) && error.code === 'connection-closed' && silentMs >= loginStallCloseMs) {
      throw stalled(conn, step, silentMs, true, error);
    }
    throw error;
  }
}

function stalled(conn: Pop3Connection, step: Step, silentMs: number, closed: boolean, cause?: unknown): Pop3Error {
  const waited = `no answer to ${step} for ${seconds(silentMs)}`;
  conn.transcript?.event(
    closed
      ? `${waited}, then the server closed the connection`
      : `${waited}: giving up (the server is probably waiting for a mailbox lock)`,
  );
  return new Pop3Error('login-stalled', {
    command: step,
    // A hang-up after the silence is most likely the server giving up on the lock, but it did not say so.
    certain: !closed,
    cause,
    message: closed
      ? `the server answered the greeting, then sent nothing for ${seconds(silentMs)} after ${step} and closed the connection: it was probably waiting for another program to release the mailbox`
      : `the server answered the greeting, then sent nothing for ${seconds(silentMs)} after ${step}: it is probably waiting for another program to release the mailbox`,
  });
}

function refusal(status: StatusLine, step: Step, context: RefusalContext): Pop3Error {
  const { code, certain } = classifyAuthRefusal(status, step, context);
  return new Pop3Error(code, { command: step, responseCode: status.code, serverText: status.text, certain });
}
