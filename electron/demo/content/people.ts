// Who writes to the demo mailbox. Every address is under example.com, example.org or
// example.net (RFC 2606 §3), so nothing in the demo can ever reach a real person.
import type { Charset } from './charsets.ts';

export interface Person {
  readonly name: string;
  readonly address: string;
  /** The sender's time zone, minutes east of UTC, for a realistic Date header. */
  readonly zone: number;
  /** How a non-ASCII name is encoded in the header (RFC 2047); UTF-8 by default. */
  readonly nameCharset?: Charset;
}

export const YOU: Person = { name: 'Demo User', address: 'demo@example.com', zone: 0 };

export const POPLAR_TEAM: Person = { name: 'Poplar team', address: 'hello@poplar.example.org', zone: 0 };

export const MAYA: Person = { name: 'Maya Okafor', address: 'maya.okafor@example.org', zone: 0 };
export const TOM: Person = { name: 'Tom Becker', address: 'tom@becker.example.net', zone: 0 };
export const PRIYA: Person = { name: 'Priya Natarajan', address: 'priya.n@example.com', zone: 60 };
export const SAM: Person = { name: 'Sam Rivera', address: 'sam.rivera@example.com', zone: -300 };
export const LEO: Person = { name: 'Leo Martins', address: 'leo.martins@example.com', zone: 0 };
export const MARGARET: Person = { name: 'Margaret Ellis', address: 'margaret.ellis@example.net', zone: 0 };
export const ROSA: Person = { name: 'Rosa Lindqvist', address: 'rosa@lindqvist.example.org', zone: 60 };
export const DEV: Person = { name: 'Dev Kapoor', address: 'dev.kapoor@example.net', zone: 0 };
export const JONAS: Person = { name: 'Jonas Weber', address: 'jonas.weber@example.net', zone: 60 };
export const ANNA: Person = { name: 'Анна Соколова', address: 'anna.sokolova@example.org', zone: 180 };
export const YUKI: Person = { name: '田中 由紀', address: 'yuki.tanaka@example.net', zone: 540, nameCharset: 'ISO-2022-JP' };
export const CAMILLE: Person = { name: 'Camille Dubois', address: 'camille@example.org', zone: 60 };

export const ALLOTMENT_LIST: Person = { name: 'Riverside Allotments', address: 'allotments@lists.example.org', zone: 0 };

// Organisations: newsletters, receipts, reminders.
export const GREENFIELD: Person = { name: 'Greenfield Gardening', address: 'newsletter@greenfield.example.net', zone: 0 };
export const HARBOUR_BOOKS: Person = { name: 'Harbour Books', address: 'hello@harbourbooks.example.com', zone: 0 };
export const NORTHWIND: Person = { name: 'Northwind Travel', address: 'deals@northwind.example.net', zone: 60 };
export const LIBRARY: Person = { name: 'Riverside Library', address: 'no-reply@library.example.org', zone: 0 };
export const DENTIST: Person = { name: 'Brightsmile Dental', address: 'appointments@brightsmile.example.com', zone: 0 };
export const QUICKSHIP: Person = { name: 'QuickShip', address: 'notify@quickship.example.net', zone: 0 };
export const SOLARA: Person = { name: 'Solara Energy', address: 'billing@solara.example.com', zone: 0 };
export const CHOIR: Person = { name: 'Riverside Community Choir', address: 'choir@riverside.example.org', zone: 0 };
export const RUN_CLUB: Person = { name: 'Parkside Runners', address: 'club@parkside-runners.example.org', zone: 0 };
