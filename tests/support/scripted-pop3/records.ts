// What the scripted server keeps of its sessions for the tests to check: one record a
// connection, built from what the server tells its observer, and the counts of open sessions.
import type { SessionObserver } from '../../../electron/pop3-server/settings.ts';
import type { SessionRecord } from './types.ts';

const copyRecord = (r: SessionRecord): SessionRecord => ({
  ...r,
  commands: [...r.commands],
  deleted: [...r.deleted],
});

/**
 * A session counts as open from the accepted connection until the server has ended it (QUIT
 * answered, a rule closed it) or has seen the client close, so a client that QUITs and
 * reconnects at once is not counted twice.
 */
export class SessionRecords {
  readonly observer: SessionObserver;
  readonly #records: SessionRecord[] = [];
  #waiters: Array<() => boolean> = [];
  #active = 0;
  #maxConcurrent = 0;

  constructor(clock: () => number) {
    const at = (index: number): SessionRecord | undefined => this.#records[index - 1];
    this.observer = {
      opened: (index) => {
        this.#records[index - 1] = { index, openedAt: clock(), closedAt: null, commands: [], endedBy: null, deleted: [], user: null };
        this.#active += 1;
        this.#maxConcurrent = Math.max(this.#maxConcurrent, this.#active);
      },
      received: (index, line) => void at(index)?.commands.push(line),
      loggedIn: (index, user) => {
        const record = at(index);
        if (record !== undefined) record.user = user;
      },
      committed: (index, deleted) => void at(index)?.deleted.push(...deleted.map((message) => message.uidl)),
      ended: (index, endedBy) => {
        const record = at(index);
        if (record === undefined) return;
        record.endedBy = endedBy;
        record.closedAt = clock();
        this.#active -= 1;
        this.#waiters = this.#waiters.filter((settled) => !settled());
      },
    };
  }

  get maxConcurrent(): number {
    return this.#maxConcurrent;
  }

  get active(): number {
    return this.#active;
  }

  /** Copies of the records, in order of connection. */
  all(): SessionRecord[] {
    return this.#records.map(copyRecord);
  }

  /** Resolves with the record once session `index` (1-based) has ended, even if it has not started. */
  closed(index: number): Promise<SessionRecord> {
    return new Promise((resolve) => {
      const settled = (): boolean => {
        const record = this.#records[index - 1];
        if (record === undefined || record.closedAt === null) return false;
        resolve(copyRecord(record));
        return true;
      };
      if (!settled()) this.#waiters.push(settled);
    });
  }
}
