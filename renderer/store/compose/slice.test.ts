import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DraftInput, DraftView, OutboxItemView } from '../../../shared/compose-contract.ts';
import { PoplarError } from '../../../shared/contract.ts';
import { createAppStore } from '../app.ts';
import { fakeApi, fakeDeps, settle } from '../fake-api.ts';
import { SAVE_DELAY_MS, UNDO_SEND_SECONDS } from './slice.ts';

const draft = (id: number, patch: Partial<DraftView> = {}): DraftView => ({
  id,
  accountId: 1,
  to: [],
  cc: [],
  bcc: [],
  subject: '',
  text: '',
  html: null,
  inReplyTo: null,
  references: [],
  attachments: [],
  updatedAt: 1,
  ...patch,
});

const item = (id: number, state: OutboxItemView['state']): OutboxItemView => ({
  id,
  accountId: 1,
  subject: 'Hi',
  to: ['b@example.com'],
  state,
  attempts: 0,
  nextAttemptAt: null,
  problem: null,
  serverResponse: null,
  createdAt: 1,
});

function setup() {
  const saved: DraftInput[] = [];
  const api = fakeApi({
    'compose.new': (accountId) => draft(7, { accountId }),
    'compose.reply': (id, all) => draft(8, { subject: all ? 'Re: all' : 'Re: one', inReplyTo: `<m${id}@x>` }),
    'drafts.save': (input) => {
      saved.push(input);
      return { id: input.id ?? 1, updatedAt: 100 + saved.length };
    },
    'drafts.remove': () => null,
    'drafts.list': () => [draft(7)],
    'drafts.attach': (id, file) => draft(id, { attachments: [{ filename: file.filename, contentType: file.contentType, size: 3 }] }),
    'outbox.send': (id) => item(id, 'queued'),
    'outbox.cancel': (id) => draft(id, { subject: 'back' }),
  });
  const store = createAppStore(fakeDeps(api));
  return { api, s: store.getState, saved };
}

describe('the composer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('opens a new draft and saves typing once, after a pause', async () => {
    const { s, saved } = setup();
    await s().newMessage(1);
    expect(s().route).toEqual({ name: 'compose' });
    s().editDraft({ subject: 'H' });
    s().editDraft({ subject: 'Hello' });
    expect(s().compose.save).toBe('pending');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - 10);
    expect(saved).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(20);
    await settle();
    expect(saved.map((d) => d.subject)).toEqual(['Hello']);
    expect(s().compose.save).toBe('saved');
  });

  it('saves what is pending when it closes, and sends after saving', async () => {
    const { s, saved, api } = setup();
    await s().newMessage(1);
    s().editDraft({ to: [{ name: '', address: 'b@example.com' }] });
    await s().closeComposer();
    expect(saved).toHaveLength(1);
    expect(s().compose.draft).toBeNull();
    expect(s().route).toEqual({ name: 'mail' });

    await s().reply(3, true);
    expect(s().compose.draft?.inReplyTo).toBe('<m3@x>');
    s().editDraft({ text: 'yes' });
    expect(await s().sendDraft()).toBe(true);
    expect(saved.at(-1)?.text).toBe('yes');
    // Held for the undo-send time; the toast offers Undo for as long.
    expect(api.callsTo('outbox.send')).toEqual([[8, UNDO_SEND_SECONDS]]);
    expect(s().outbox.map((o) => o.state)).toEqual(['queued']);
    const toast = s().toasts.at(-1);
    expect(toast?.text).toBe(`Sending in ${UNDO_SEND_SECONDS} seconds…`);
    expect(toast?.action?.label).toBe('Undo');
    expect(s().heldSend?.id).toBe(s().outbox[0]?.id);
  });

  it('keeps the composer open with the engine’s words when sending is refused', async () => {
    const { s, api } = setup();
    api.handlers['outbox.send'] = () => {
      throw new PoplarError('invalid-argument', 'Add at least one recipient.');
    };
    await s().newMessage(1);
    expect(await s().sendDraft()).toBe(false);
    expect(s().compose.problem).toBe('Add at least one recipient.');
    expect(s().route).toEqual({ name: 'compose' });
  });

  it('does not close when the save fails: the words would be lost', async () => {
    const { s, api } = setup();
    api.handlers['drafts.save'] = () => {
      throw new PoplarError('internal', 'disk full');
    };
    await s().newMessage(1);
    s().editDraft({ text: 'precious' });
    await s().closeComposer();
    expect(s().compose.save).toBe('failed');
    expect(s().compose.draft?.text).toBe('precious');
    expect(s().compose.problem).toMatch(/disk full/);
  });

  it('attaches, discards, and takes an outbox item back to a draft', async () => {
    const { s, api } = setup();
    await s().newMessage(1);
    await s().attachFile({ filename: 'a.txt', contentType: 'text/plain', base64: 'YWJj' });
    expect(s().compose.draft?.attachments.map((a) => a.filename)).toEqual(['a.txt']);
    await s().discardDraft();
    expect(api.callsTo('drafts.remove')).toEqual([[7]]);
    expect(s().compose.draft).toBeNull();

    await s().cancelOutbox(4);
    expect(s().compose.draft?.subject).toBe('back');
    expect(s().route).toEqual({ name: 'compose' });
  });

  it('opens a mailto: link in the composer instead of the link dialog', async () => {
    const { s, api } = setup();
    api.handlers['compose.mailto'] = (accountId, url) => draft(9, { accountId, subject: url });
    s().showMailbox(2, 'inbox');
    await settle();
    s().openDialog({ kind: 'open-link', url: 'mailto:a@example.com?subject=x', text: null });
    await settle();
    expect(s().dialog).toBeNull();
    expect(s().compose.draft?.id).toBe(9);
  });
});
