// What CAPA (RFC 2449 §5) announces.

/** The default CAPA lines, before the optional LOGIN-DELAY and STLS. */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'TOP',
  'UIDL',
  'USER',
  'RESP-CODES',
  // RFC 3206: -ERR replies to authentication carry [AUTH] or [SYS/...].
  'AUTH-RESP-CODE',
  'PIPELINING',
  'SASL PLAIN LOGIN CRAM-MD5',
];

export interface CapabilitySettings {
  capabilities?: readonly string[] | undefined;
  loginDelaySeconds?: number | undefined;
  xoauth2?: boolean;
  stls: boolean;
}

/**
 * The CAPA lines for a session: the configured list when there is one, or the defaults with
 * XOAUTH2, LOGIN-DELAY (RFC 2449 §6.5) and STLS added as configured. STLS is announced only
 * before TLS is active (RFC 2595 §4).
 */
export function capabilityList(settings: CapabilitySettings): string[] {
  if (settings.capabilities !== undefined) return [...settings.capabilities];
  const list = DEFAULT_CAPABILITIES.map((cap) =>
    settings.xoauth2 === true && cap.startsWith('SASL ') ? `${cap} XOAUTH2` : cap,
  );
  if (settings.loginDelaySeconds !== undefined) list.push(`LOGIN-DELAY ${settings.loginDelaySeconds}`);
  if (settings.stls) list.push('STLS');
  return list;
}
