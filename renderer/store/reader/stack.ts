// The conversation stack under the reading pane's subject: every message of the open message's
// conversation (messages.conversation, oldest first), which of them are expanded, and the bodies
// loaded for those. Empty when the conversation is that one message: the pane then shows it alone.
import type { MessageSummaryView, MessageView } from '../../../shared/contract.ts';

export interface StackState {
  /** The open message the stack belongs to; null when there is no stack. */
  readonly forId: number | null;
  readonly messages: readonly MessageSummaryView[];
  readonly expandedIds: readonly number[];
  readonly bodies: Readonly<Record<number, MessageView>>;
  /** Why a body could not be loaded, per message. */
  readonly failed: Readonly<Record<number, string>>;
}

export const noStack: StackState = { forId: null, messages: [], expandedIds: [], bodies: {}, failed: {} };

/**
 * The message expanded when the stack first shows: the opened one; in the conversation view
 * (where a row stands for its newest message) the first unread one, else the newest.
 */
export function firstExpanded(messages: readonly MessageSummaryView[], openedId: number, conversations: boolean): number {
  if (!conversations) return openedId;
  return (messages.find((m) => !m.read) ?? messages[messages.length - 1])?.id ?? openedId;
}

export function withRead(stack: StackState, id: number): StackState {
  return { ...stack, messages: stack.messages.map((m) => (m.id === id && !m.read ? { ...m, read: true } : m)) };
}

/** The stack's loaded bodies once remote content is allowed for `address`: the same sender's too. */
export function allowedForSender(stack: StackState, address: string): StackState {
  const bodies = Object.fromEntries(
    Object.entries(stack.bodies).map(([id, m]) => [id, m.fromAddress === address ? { ...m, remoteContentAllowed: true } : m]),
  );
  return { ...stack, bodies };
}

/**
 * The stack with its conversation read again: messages that arrived join it folded; those that
 * left (moved to Trash) leave it; what is expanded and loaded stays.
 */
export function withArrived(stack: StackState, messages: readonly MessageSummaryView[]): StackState {
  const ids = new Set(messages.map((m) => m.id));
  return { ...stack, messages, expandedIds: stack.expandedIds.filter((id) => ids.has(id)) };
}
