// CAPA (RFC 2449 §5): what the server says it can do. Parsed leniently — an odd line is kept
// in `raw` and otherwise ignored — because a capability we misread must not stop a session.
//
// Ask again after STLS (RFC 2595 §4: the client MUST discard what it learned before TLS) and
// after login: LOGIN-DELAY and EXPIRE followed by USER mean the value is per user and only
// known in the TRANSACTION state (RFC 2449 §6.5, §6.7).

export interface Capabilities {
  /** False when the server answered CAPA with -ERR (an RFC 1939-only server): assume USER/PASS. */
  readonly known: boolean;
  readonly top: boolean;
  readonly uidl: boolean;
  /** USER/PASS allowed now (RFC 2449 §6.2; Dovecot omits it until TLS when plaintext is disabled). */
  readonly user: boolean;
  /** SASL mechanisms, upper-cased, in the server's order (RFC 2449 §6.3, RFC 5034). */
  readonly sasl: readonly string[];
  readonly stls: boolean;
  readonly pipelining: boolean;
  /** RFC 2449 §6.4: text starting with "[" is a response code. */
  readonly respCodes: boolean;
  /** RFC 3206 §6: credentials failures always carry [AUTH]. */
  readonly authRespCode: boolean;
  /** RFC 2449 §6.5: minimum seconds between logins, or null when not announced. */
  readonly loginDelaySeconds: number | null;
  /** "LOGIN-DELAY n USER": the value may differ per user; re-read it after login. */
  readonly loginDelayPerUser: boolean;
  /** RFC 2449 §6.7: days the server keeps messages once downloaded, 'never' (it does not expire them), or null when not announced. */
  readonly expireDays: number | 'never' | null;
  readonly expirePerUser: boolean;
  /** RFC 2449 §6.9, free text. */
  readonly implementation: string | null;
  /** The capability lines as received, for the session record. */
  readonly raw: readonly string[];
}

/** For a server that does not support CAPA. */
export const NO_CAPABILITIES: Capabilities = Object.freeze({
  known: false,
  top: false,
  uidl: false,
  user: false,
  sasl: [],
  stls: false,
  pipelining: false,
  respCodes: false,
  authRespCode: false,
  loginDelaySeconds: null,
  loginDelayPerUser: false,
  expireDays: null,
  expirePerUser: false,
  implementation: null,
  raw: [],
});

const NUMBER = /^\d{1,9}$/;

/** Parses the lines between "+OK" and "." of a CAPA response (already dot-unstuffed). */
export function parseCapa(lines: readonly string[]): Capabilities {
  const tags = new Set<string>();
  const sasl: string[] = [];
  let loginDelaySeconds: number | null = null;
  let loginDelayPerUser = false;
  let expireDays: number | 'never' | null = null;
  let expirePerUser = false;
  let implementation: string | null = null;

  for (const line of lines) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    const tag = words[0]?.toUpperCase();
    if (tag === undefined) continue;
    tags.add(tag);
    const args = words.slice(1);
    const perUser = args[1]?.toUpperCase() === 'USER';
    switch (tag) {
      case 'SASL':
        for (const mech of args) {
          const name = mech.toUpperCase();
          if (!sasl.includes(name)) sasl.push(name);
        }
        break;
      case 'LOGIN-DELAY':
        if (args[0] !== undefined && NUMBER.test(args[0])) {
          loginDelaySeconds = Number(args[0]);
          loginDelayPerUser = perUser;
        }
        break;
      case 'EXPIRE':
        if (args[0]?.toUpperCase() === 'NEVER') {
          expireDays = 'never';
          expirePerUser = perUser;
        } else if (args[0] !== undefined && NUMBER.test(args[0])) {
          expireDays = Number(args[0]);
          expirePerUser = perUser;
        }
        break;
      case 'IMPLEMENTATION':
        implementation = line.trim().slice(tag.length).trim() || null;
        break;
    }
  }

  return Object.freeze({
    known: true,
    top: tags.has('TOP'),
    uidl: tags.has('UIDL'),
    user: tags.has('USER'),
    sasl,
    stls: tags.has('STLS'),
    pipelining: tags.has('PIPELINING'),
    respCodes: tags.has('RESP-CODES'),
    authRespCode: tags.has('AUTH-RESP-CODE'),
    loginDelaySeconds,
    loginDelayPerUser,
    expireDays,
    expirePerUser,
    implementation,
    raw: [...lines],
  });
}
