// Sends one message's exact bytes (RFC 5321 §3.3 mail transaction: MAIL, RCPT…, DATA). The
// bytes are not re-encoded: what the outbox stored is what the server receives, apart from
// the dot-stuffing of RFC 5321 §4.5.2, which nodemailer's data stream adds and the server removes.
import { openConnection, quit } from './connection.ts';
import { classify, type RejectedRecipient, SmtpError } from './failure.ts';
import type { SmtpSettings } from './settings.ts';

export interface SmtpEnvelope {
  /** The reverse-path (RFC 5321 §4.1.1.2): the account's address. */
  readonly from: string;
  readonly to: readonly string[];
}

export interface SmtpSendResult {
  /** The server's reply to the final "." (RFC 5321 §4.1.1.4), e.g. "250 2.0.0 Ok: queued as …". */
  readonly response: string;
  readonly accepted: readonly string[];
  /** Refused at RCPT while others were accepted: the message went to the accepted ones only. */
  readonly rejected: readonly RejectedRecipient[];
  readonly transcript: readonly string[];
  /** The SIZE the server announced at EHLO (RFC 1870), null when none: what the next send checks before queueing. */
  readonly sizeLimit: number | null;
}

/** Throws SmtpError; kind 'dropped-during-data' means the outcome is unknown (do not resend silently). */
export async function sendMessage(settings: SmtpSettings, envelope: SmtpEnvelope, raw: Buffer): Promise<SmtpSendResult> {
  if (envelope.to.length === 0) throw new SmtpError('recipient-rejected', 'the message has no recipient');
  const open = await openConnection(settings, (error) => classify(error, false));
  const { connection } = open;
  // The size is announced with MAIL FROM (RFC 1870 §3) so an oversize message is refused before
  // its bytes travel; nodemailer refuses it itself when EHLO announced a smaller SIZE.
  const info = await new Promise<{ response: string; accepted: string[]; rejected: string[]; rejectedErrors?: unknown[] }>(
    (resolve, reject) => {
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        const dataStarted = String(connection.lastServerResponse || '').startsWith('354');
        connection.close();
        reject(classify(error, dataStarted));
      };
      connection.on('error', fail);
      connection.send({ from: envelope.from, to: [...envelope.to], size: raw.length }, raw, (error, result) => {
        connection.off('error', fail);
        if (error) return fail(error);
        settled = true;
        resolve(result);
      });
    },
  );
  await quit(connection);
  const rejected = ((info.rejectedErrors ?? []) as Array<{ recipient?: string; response?: string }>).map((r) => ({
    address: r.recipient ?? '',
    response: r.response ?? '',
  }));
  return { response: info.response, accepted: info.accepted, rejected, transcript: open.transcript.lines, sizeLimit: open.sizeLimit };
}
