// The outbox's state machine, pure, so the store and the sender share one set of rules.
//
//   queued → sending (recorded BEFORE DATA, with the Message-ID)
//   sending → sent | failed (permanent refusal) | retry (unreachable, 4yz) | unknown
//   retry → sending (when due) ; failed → queued (the user retries after fixing the cause)
//   unknown → sent | queued (the user answers: it arrived / send it again)
//
// "unknown" is where a message goes when the connection dropped during DATA, or when an item
// is found in "sending" after a crash: the server may or may not have taken it, so it is never
// sent again without the user saying so.
import type { SmtpFailureKind } from '../../shared/smtp-failure-kind.ts';

export type { SmtpFailureKind };

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'retry' | 'unknown';

export type OutboxEvent =
  | { readonly type: 'start' }
  | { readonly type: 'accepted' }
  | { readonly type: 'failure'; readonly kind: SmtpFailureKind; readonly attempt: number }
  | { readonly type: 'user-retry' }
  | { readonly type: 'resolve'; readonly answer: 'sent' | 'send-again' };

/** Attempts after which a message that keeps meeting an unreachable or busy server fails. */
export const MAX_ATTEMPTS = 8;

/** The state an event leads to, or null when the event does not apply in that state. */
export function nextState(state: OutboxState, event: OutboxEvent): OutboxState | null {
  switch (event.type) {
    case 'start':
      return state === 'queued' || state === 'retry' ? 'sending' : null;
    case 'accepted':
      return state === 'sending' ? 'sent' : null;
    case 'failure':
      return state === 'sending' ? afterFailure(event.kind, event.attempt) : null;
    case 'user-retry':
      return state === 'failed' || state === 'retry' ? 'queued' : null;
    case 'resolve':
      if (state !== 'unknown') return null;
      return event.answer === 'sent' ? 'sent' : 'queued';
  }
}

export function afterFailure(kind: SmtpFailureKind, attempt: number): OutboxState {
  switch (kind) {
    case 'dropped-during-data':
      return 'unknown';
    case 'unreachable':
    case 'temporary':
      return attempt >= MAX_ATTEMPTS ? 'failed' : 'retry';
    default:
      return 'failed';
  }
}

/** What a state becomes when the program starts again after a crash. */
export function recoveredState(state: OutboxState): OutboxState {
  return state === 'sending' ? 'unknown' : state;
}

/** Wait before attempt `attempt + 1` (attempt counts from 1): 1, 2, 4 … minutes, at most an hour. */
export function backoffMs(attempt: number): number {
  const minutes = Math.min(60, 2 ** Math.max(0, attempt - 1));
  return minutes * 60_000;
}

/** Why a message is not sent, in words the window shows. */
export function failureWords(kind: SmtpFailureKind): string {
  switch (kind) {
    case 'unreachable':
      return 'The mail server could not be reached. Poplar will try again.';
    case 'temporary':
      return 'The mail server asked to try again later. Poplar will try again.';
    case 'tls':
      return 'The connection to the mail server is not secure: its certificate is not trusted.';
    case 'auth':
      return 'The mail server did not accept the user name or password.';
    case 'token':
      return "The mail server did not accept the access token: it may have expired or lack the mail permission. Check the account's token command.";
    case 'recipient-rejected':
      return 'The mail server refused one or more recipients: check the addresses.';
    case 'too-large':
      return 'The message is larger than the mail server accepts: remove or shrink attachments.';
    case 'relay-denied':
      return 'The mail server will not pass this message on: it may need you to sign in, or to send from your own address.';
    case 'dropped-during-data':
      return 'The connection was lost while the message was being sent. It may or may not have arrived.';
    case 'rejected':
      return 'The mail server refused the message.';
  }
}
