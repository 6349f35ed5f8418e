// What CAPA (RFC 2449 §5) announces.

/** What every session of this server can do. */
export const BASE_CAPABILITIES: readonly string[] = [
  'TOP',
  'UIDL',
  'USER',
  'RESP-CODES',
  // RFC 3206: -ERR replies to authentication carry [AUTH] or [SYS/...].
  'AUTH-RESP-CODE',
  'PIPELINING',
];

export interface CapabilitySettings {
  /** A fixed list, replacing what the settings below would give. */
  readonly capabilities?: readonly string[] | undefined;
  /** The SASL mechanisms AUTH runs (RFC 5034 §6); none, no SASL line. */
  readonly mechanisms: readonly string[];
  readonly loginDelaySeconds?: number | undefined;
  readonly stls: boolean;
}

/**
 * The CAPA lines for a session: the configured list when there is one, or the base list with
 * SASL, LOGIN-DELAY (RFC 2449 §6.5) and STLS added as configured. STLS is announced only
 * before TLS is active (RFC 2595 §4).
 */
export function capabilityList(settings: CapabilitySettings): string[] {
  if (settings.capabilities !== undefined) return [...settings.capabilities];
  const list = [...BASE_CAPABILITIES];
  if (settings.mechanisms.length > 0) list.push(`SASL ${settings.mechanisms.join(' ')}`);
  if (settings.loginDelaySeconds !== undefined) list.push(`LOGIN-DELAY ${settings.loginDelaySeconds}`);
  if (settings.stls) list.push('STLS');
  return list;
}
