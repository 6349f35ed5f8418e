// Drives a login exchange (auth/exchange.ts) over the connection: USER+PASS, APOP, or AUTH
// with SASL continuations (RFC 5034 §4). A refusal is classified at the step where it came,
// so a locked mailbox refused at PASS is never reported as a wrong password.
import type { AuthExchange } from '../auth/exchange.ts';
import type { Pop3Connection } from '../connection.ts';
import { Pop3Error } from '../errors.ts';
import { classifyAuthRefusal, type RefusalContext } from '../lock-refusal.ts';
import type { StatusLine } from '../response.ts';
import { SASL_CANCEL } from '../transcript.ts';

export async function authenticate(conn: Pop3Connection, exchange: AuthExchange, context: RefusalContext): Promise<void> {
  for (const { step, line } of exchange.commands) {
    conn.send(line);
    for (;;) {
      const reply = step === 'AUTH' ? await conn.readAuthReply() : { kind: 'status' as const, status: await conn.readStatus() };
      if (reply.kind === 'continue') {
        let answer;
        try {
          answer = exchange.respond(reply.challenge);
        } catch (error) {
          // The server asked for more than the mechanism has: cancel, read its -ERR, give up.
          conn.send(SASL_CANCEL);
          await conn.readStatus();
          throw error;
        }
        conn.send(answer);
        continue;
      }
      if (reply.status.ok) break;
      throw refusal(reply.status, step, context);
    }
  }
}

function refusal(status: StatusLine, step: 'USER' | 'PASS' | 'APOP' | 'AUTH', context: RefusalContext): Pop3Error {
  const { code, certain } = classifyAuthRefusal(status, step, context);
  return new Pop3Error(code, { command: step, responseCode: status.code, serverText: status.text, certain });
}
