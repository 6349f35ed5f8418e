// The one thing the mailbox tests cannot wait for through the public API: that the server
// has noticed a dropped connection. DemoServer.whenUnlocked settles exactly then.
import { afterEach, expect, it } from 'vitest';
import { Pop3Client } from '../pop3/client.ts';
import { Secret } from '../pop3/transcript.ts';
import { demoMessages } from './content/catalog.ts';
import { Maildrop } from './maildrop.ts';
import { DemoServer } from './server.ts';

const servers: DemoServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

it('a session dropped without QUIT deletes nothing and frees the lock (RFC 1939 §6)', async () => {
  const server = await DemoServer.start({ maildrop: new Maildrop(demoMessages(Date.UTC(2025, 0, 1))), user: 'demo', password: 'pw' });
  servers.push(server);
  const options = {
    host: '127.0.0.1',
    port: server.port,
    security: 'none',
    auth: 'user',
    credentials: { kind: 'password', user: 'demo', password: new Secret('pw') },
  } as const;
  const client = await Pop3Client.connect(options);
  const before = await client.stat();
  const marked = await client.deleMany([1, 2, 3]);
  expect(marked.marked).toEqual([1, 2, 3]);
  client.destroy();
  await server.whenUnlocked();
  expect(server.maildrop.messages).toHaveLength(before.count);

  const again = await Pop3Client.connect(options);
  expect(await again.stat()).toEqual(before);
  await again.quit();
});
