// Unknown wordings through the real client: invented -ERR texts at PASS — lock-like,
// temporary, password-like and meaningless, in the languages of ISPs that run POP3 servers —
// from the scripted server, read by Pop3Client. No table of real texts is ever complete, so
// what matters is that the reading degrades safely: a lock or a temporary state is never a
// wrong password, and a text that says nothing is unconfirmed ('login-refused'), not a
// password problem that pauses the account.
import { describe, expect, it } from 'vitest';
import { lockRefusal, type Rule } from '../../tests/support/scripted-pop3.ts';
import { TEMPORARY_REFUSAL_WORDINGS } from '../../tests/support/scripted-pop3/wordings.ts';
import { Pop3Client } from './client.ts';
import type { Pop3ErrorCode } from './errors.ts';
import { readableServerText } from './refusal-vocabulary.ts';
import { ALICE, clientOptions, pop3Failure, useScriptedServers } from './fixtures/scripted-client.ts';

const start = useScriptedServers();
const TEST_MS = 10_000;

/** A pre-RFC 3206 server: no AUTH-RESP-CODE, so a code-less text is all there is to read. */
const NO_AUTH_RESP_CODE = ['USER', 'UIDL', 'TOP'];

type Class = { code: Pop3ErrorCode; certain: boolean };
const LOCKED: Class = { code: 'mailbox-locked', certain: false };
const TEMPORARY: Class = { code: 'server-temporary', certain: false };
const LIMIT: Class = { code: 'too-many-connections', certain: false };
const PASSWORD: Class = { code: 'auth-failed', certain: true };
const UNCONFIRMED: Class = { code: 'login-refused', certain: false };

const WORDINGS: Array<[text: string, expected: Class]> = [
  // Lock-like: another session or program holds the mailbox.
  ['Mailbox locked by another client, try again later', LOCKED],
  ['Your maildrop is currently in use', LOCKED],
  ['Mailbox busy', LOCKED],
  ['Another session is already active for this mailbox', LOCKED],
  ['Delivery in progress, please retry', LOCKED],
  ['Login failed: mailbox is locked', LOCKED],
  ['Ihr Postfach ist gerade gesperrt', LOCKED],
  ['Postfach belegt', LOCKED],
  ['Votre boîte aux lettres est verrouillée', LOCKED],
  ['Boîte occupée par une autre session', LOCKED],
  ['El buzón está bloqueado', LOCKED],
  ['Casella di posta occupata', LOCKED],
  ['Postbus is vergrendeld', LOCKED],
  ['Caixa de correio bloqueada', LOCKED],
  ['Skrzynka pocztowa jest zajęta', LOCKED],
  ['Почтовый ящик занят', LOCKED],
  ['メールボックスはロックされています', LOCKED],
  ['邮箱正在使用中', LOCKED],
  ['Too many concurrent sessions for this account', LIMIT],
  // Temporary: the server's state, for a while.
  ['Authentication temporarily unavailable', TEMPORARY],
  ['Service not available, come back later', TEMPORARY],
  ['System under maintenance', TEMPORARY],
  ['Anmeldung vorübergehend nicht möglich, bitte später erneut versuchen', TEMPORARY],
  ['Service momentanément indisponible, réessayez plus tard', TEMPORARY],
  ['Servicio temporalmente no disponible, inténtelo más tarde', TEMPORARY],
  ['Servizio temporaneamente sospeso', TEMPORARY],
  ['Inloggen is tijdelijk niet mogelijk', TEMPORARY],
  ['Tente novamente mais tarde', TEMPORARY],
  ['Сервер временно недоступен', TEMPORARY],
  ['しばらくしてから再試行してください', TEMPORARY],
  ['服务器繁忙，请稍后再试', TEMPORARY],
  // Password-like: the text names the password or the credentials.
  ['Invalid password', PASSWORD],
  ['Login incorrect', PASSWORD],
  ['Unknown user or wrong password', PASSWORD],
  ['Invalid credentials', PASSWORD],
  ['Benutzername oder Passwort falsch', PASSWORD],
  ['Identifiant ou mot de passe incorrect', PASSWORD],
  ['Usuario o contraseña incorrectos', PASSWORD],
  ['Nome utente o password errati', PASSWORD],
  ['Senha incorreta', PASSWORD],
  ['Błędne hasło', PASSWORD],
  ['Неверное имя пользователя или пароль', PASSWORD],
  ['パスワードが正しくありません', PASSWORD],
  ['密码错误', PASSWORD],
  // Meaningless: nothing to read, so nothing is confirmed.
  ['Login failed.', UNCONFIRMED],
  ['Access denied', UNCONFIRMED],
  ['Error', UNCONFIRMED],
  ['No.', UNCONFIRMED],
  ['Permission denied (code 7)', UNCONFIRMED],
  ['Anmeldung fehlgeschlagen', UNCONFIRMED],
  ['Connexion refusée', UNCONFIRMED],
  ['Acceso denegado', UNCONFIRMED],
  ['Доступ запрещён', UNCONFIRMED],
  ['', UNCONFIRMED],
];

async function refusedWith(
  text: string,
  capabilities?: string[],
): Promise<{ error: Awaited<ReturnType<typeof pop3Failure>>; commands: string[] }> {
  const rules: Rule[] = [lockRefusal(text === '' ? '-ERR' : `-ERR ${text}`, 'PASS')];
  const server = await start({
    users: [ALICE],
    messages: [{ uidl: 'u1', body: 'Subject: x\r\n\r\nx\r\n' }],
    rules,
    ...(capabilities ? { capabilities } : {}),
  });
  const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
  const record = await server.waitForSessionClosed(1);
  return { error, commands: record.commands };
}

describe('Pop3Client: invented refusal wordings at PASS, from a server without AUTH-RESP-CODE', () => {
  it('has enough of every kind', () => {
    expect(WORDINGS.length).toBeGreaterThanOrEqual(30);
    for (const kind of [LOCKED, TEMPORARY, PASSWORD, UNCONFIRMED])
      expect(WORDINGS.filter(([, c]) => c === kind).length).toBeGreaterThanOrEqual(8);
  });

  it.each(WORDINGS)(
    '“%s” → %o',
    async (text, expected) => {
      const { error, commands } = await refusedWith(text, NO_AUTH_RESP_CODE);
      expect(error).toMatchObject({ ...expected, command: 'PASS', responseCode: null });
      // The client keeps the octets as latin1; the UTF-8 the server sent is read back from them.
      expect(readableServerText(error.serverText ?? '')).toBe(text);
      // Refused, the client still ends the session properly, and tries nothing else.
      expect(commands.map((c) => c.split(' ')[0])).toEqual(['CAPA', 'USER', 'PASS', 'QUIT']);
    },
    TEST_MS,
  );

  it(
    'reads Courier’s sticky-bit refusal as temporary, certain, and never as a password problem',
    async () => {
      const { error } = await refusedWith(TEMPORARY_REFUSAL_WORDINGS.courierStickyBit.reply.slice('-ERR '.length), NO_AUTH_RESP_CODE);
      expect(error).toMatchObject({ code: 'server-temporary', certain: true, responseCode: null });
    },
    TEST_MS,
  );
});

describe('Pop3Client: the same wordings from a server that promised AUTH-RESP-CODE (RFC 3206 §6)', () => {
  // Without [AUTH], a refusal from such a server is not a credentials failure.
  it.each([
    ['Login failed.', TEMPORARY],
    ['Invalid password', UNCONFIRMED],
    ['Mailbox busy', LOCKED],
    ['Service temporarily unavailable', TEMPORARY],
  ] as const)(
    '“%s” → %o',
    async (text, expected) => {
      const { error } = await refusedWith(text);
      expect(error).toMatchObject(expected);
    },
    TEST_MS,
  );
});

describe('Pop3Client: a +OK that talks of a lock', () => {
  it(
    'is a login, not a refusal (Cyrus: "+OK Mailbox locked and ready"; this server: "maildrop locked and ready")',
    async () => {
      const server = await start({ users: [ALICE], messages: [{ uidl: 'u1', body: 'Subject: x\r\n\r\nx\r\n' }] });
      const client = await Pop3Client.connect(clientOptions(server));
      expect((await client.quit()).acknowledged).toBe(true);
      expect((await server.waitForSessionClosed(1)).user).toBe(ALICE.name);
    },
    TEST_MS,
  );
});
