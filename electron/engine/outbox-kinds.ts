// The store repeats the SMTP failure kinds (it may not import electron/smtp); this fails the
// type check the day the two lists differ, before an outbox item could hold a kind no rule knows.
import type { SmtpFailureKind } from '../smtp/failure.ts';
import type { SmtpFailureKind as StoredFailureKind } from '../store/outbox-states.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const FAILURE_KINDS_AGREE: Same<SmtpFailureKind, StoredFailureKind> = true;
