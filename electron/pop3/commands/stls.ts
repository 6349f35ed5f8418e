// STLS (RFC 2595 §4): upgrade the plain connection to TLS. A refusal never falls back to
// plaintext; the caller asked for TLS and gets an error instead.
import { commandBudget } from '../budget.ts';
import type { Pop3Connection } from '../connection.ts';
import { Pop3Error } from '../errors.ts';
import { command } from '../transcript.ts';
import { upgradeSocket, type TlsInfo, type TlsTrust } from '../transport.ts';

export async function stls(conn: Pop3Connection, host: string, trust: TlsTrust, deadline: number): Promise<TlsInfo> {
  conn.send(command('STLS'));
  // Still inside the connect budget: TLS is part of getting a usable connection.
  const status = await conn.readStatus(commandBudget('STLS', 'its reply to STLS', Math.max(0, deadline - Date.now())));
  if (!status.ok) {
    throw new Pop3Error('starttls-unavailable', {
      command: 'STLS',
      responseCode: status.code,
      serverText: status.text,
      message: 'the server refused to start TLS (STLS)',
    });
  }
  const plain = conn.detachForUpgrade();
  const { socket, tls } = await upgradeSocket(plain, host, trust, deadline);
  conn.attach(socket);
  conn.transcript?.event(`TLS started (${tls.protocol ?? 'unknown protocol'})`);
  return tls;
}
