import { describe, expect, it } from 'vitest';
import { serverLines } from './fixtures/transcript-fixture.ts';
import { classifyAuthRefusal, CONNECTION_LIMIT_WORDINGS, LOCK_WORDINGS, matchLockWording, TEMPORARY_WORDINGS } from './lock-refusal.ts';
import type { AuthStep, RefusalClass } from './lock-refusal.ts';
import { matchRefusalVocabulary, normaliseRefusalText, readableServerText, REFUSAL_VOCABULARY } from './refusal-vocabulary.ts';
import { parseStatusLine } from './response.ts';

const STEPS: AuthStep[] = ['greeting', 'USER', 'PASS', 'APOP', 'AUTH'];
const refusal = (line: string): { code: string | null; text: string } => parseStatusLine(line);

describe('LOCK_WORDINGS', () => {
  it('names a source for every row', () => {
    expect(LOCK_WORDINGS.length).toBeGreaterThan(0);
    for (const row of LOCK_WORDINGS) {
      expect(row.server.length).toBeGreaterThan(5);
      expect(row.pattern.flags).toContain('i');
    }
  });

  it('classifies every row’s example as a lock at every step, with and without its code', () => {
    for (const row of LOCK_WORDINGS) {
      const withCode = refusal(`-ERR ${row.example}`);
      const bare = { code: null, text: withCode.text };
      for (const step of STEPS) {
        for (const resp of [withCode, bare]) {
          expect(classifyAuthRefusal(resp, step), `${row.server} @ ${step}`).toEqual({ code: 'mailbox-locked', certain: true });
          expect(classifyAuthRefusal(resp, step, { authRespCode: true })).toEqual({ code: 'mailbox-locked', certain: true });
        }
      }
    }
  });

  it('matches regardless of case', () => {
    expect(classifyAuthRefusal({ code: null, text: 'MAILDROP ALREADY LOCKED' }, 'PASS').code).toBe('mailbox-locked');
    expect(matchLockWording('Unable To Lock Maildrop: try later')?.server).toMatch(/RFC 1939/);
  });

  it('recognises qpopper 4’s longer form', () => {
    const line = '-ERR [IN-USE] /var/spool/mail/.alice.pop lock busy!  Is another session active? (11)';
    expect(classifyAuthRefusal({ code: null, text: refusal(line).text }, 'PASS')).toEqual({ code: 'mailbox-locked', certain: true });
  });
});

describe('classifyAuthRefusal', () => {
  it('reads the recorded Dovecot lock refusal as a lock', () => {
    const [, line] = serverLines('dovecot-2.3-lock.txt');
    expect(classifyAuthRefusal(refusal(line ?? ''), 'AUTH')).toEqual({ code: 'mailbox-locked', certain: true });
  });

  it('keeps Dovecot’s connection limit apart from a lock, although it comes as [IN-USE]', () => {
    const [, line] = serverLines('dovecot-2.3-userip-limit.txt');
    expect(refusal(line ?? '').code).toBe('IN-USE');
    for (const step of STEPS) {
      expect(classifyAuthRefusal(refusal(line ?? ''), step)).toEqual({ code: 'too-many-connections', certain: true });
    }
    // Newer pop3-login sources send the same text as [SYS/TEMP]; and a proxy may drop the code.
    const text = 'Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)';
    expect(classifyAuthRefusal({ code: 'SYS/TEMP', text }, 'PASS').code).toBe('too-many-connections');
    expect(classifyAuthRefusal({ code: null, text }, 'PASS').code).toBe('too-many-connections');
    expect(CONNECTION_LIMIT_WORDINGS.every((w) => !LOCK_WORDINGS.some((l) => l.pattern.test(w.example)))).toBe(true);
  });

  it('reads Dovecot’s wrong password as a sure credentials failure', () => {
    const wrong = serverLines('dovecot-2.3-session.txt').find((l) => l.startsWith('-ERR [AUTH]')) ?? '';
    expect(wrong).toBe('-ERR [AUTH] Authentication failed.');
    expect(classifyAuthRefusal(refusal(wrong), 'PASS')).toEqual({ code: 'auth-failed', certain: true });
    expect(classifyAuthRefusal(refusal(wrong), 'AUTH')).toEqual({ code: 'auth-failed', certain: true });
  });

  it('follows the response codes of RFC 2449 §8.1 and RFC 3206', () => {
    expect(classifyAuthRefusal(refusal('-ERR [IN-USE] Do you have another POP session running?'), 'PASS')).toEqual({
      code: 'mailbox-locked',
      certain: true,
    });
    expect(classifyAuthRefusal(refusal('-ERR [LOGIN-DELAY] Logins must be at least 15 minutes apart'), 'PASS')).toEqual({
      code: 'login-delay',
      certain: true,
    });
    expect(classifyAuthRefusal(refusal('-ERR [SYS/TEMP] Failed to create POP3 session lock.'), 'PASS')).toEqual({
      code: 'server-temporary',
      certain: true,
    });
    expect(classifyAuthRefusal(refusal('-ERR [SYS/PERM] Your mailbox is corrupted'), 'APOP')).toEqual({
      code: 'server-permanent',
      certain: true,
    });
    expect(classifyAuthRefusal(refusal('-ERR [sys/temp/disk] later'), 'AUTH').code).toBe('server-temporary');
  });

  it('believes a lock text over an [AUTH] code, and [AUTH] over a guess', () => {
    expect(classifyAuthRefusal({ code: 'AUTH', text: 'unable to lock maildrop' }, 'PASS').code).toBe('mailbox-locked');
    expect(
      classifyAuthRefusal({ code: 'AUTH', text: 'Plaintext authentication disallowed on non-secure (SSL/TLS) connections.' }, 'USER'),
    ).toEqual({ code: 'auth-failed', certain: true });
  });

  it('reads a bare -ERR without readable words as an unconfirmed refusal, never as a wrong password', () => {
    for (const step of ['USER', 'PASS', 'APOP', 'AUTH'] as const) {
      for (const line of ['-ERR', '-ERR Login failed.', '-ERR [X-UNKNOWN] whatever', '-ERR Access denied', '-ERR 42']) {
        expect(classifyAuthRefusal(refusal(line), step), `${line} @ ${step}`).toEqual({ code: 'login-refused', certain: false });
      }
    }
  });

  it('reads a text that names the password or the credentials as a confirmed credentials failure', () => {
    for (const step of ['USER', 'PASS', 'APOP', 'AUTH'] as const) {
      expect(classifyAuthRefusal(refusal('-ERR invalid password'), step)).toEqual({ code: 'auth-failed', certain: true });
      expect(classifyAuthRefusal(refusal('-ERR Authentication failed.'), step)).toEqual({ code: 'auth-failed', certain: true });
    }
  });

  it('does not call a bare -ERR a password problem when the server promised AUTH-RESP-CODE (RFC 3206 §6)', () => {
    const promised = { authRespCode: true };
    expect(classifyAuthRefusal(refusal('-ERR something odd'), 'PASS', promised)).toEqual({ code: 'server-temporary', certain: false });
    // The words say password, the promise says no: unconfirmed, retried before any pause.
    expect(classifyAuthRefusal(refusal('-ERR invalid password'), 'PASS', promised)).toEqual({ code: 'login-refused', certain: false });
    expect(classifyAuthRefusal(refusal('-ERR [AUTH] invalid password'), 'PASS', promised)).toEqual({ code: 'auth-failed', certain: true });
    expect(classifyAuthRefusal(refusal('-ERR mailbox busy'), 'PASS', promised)).toEqual({ code: 'mailbox-locked', certain: false });
  });

  it('treats a -ERR greeting without a known code as a server refusal, not a login failure', () => {
    expect(classifyAuthRefusal(refusal('-ERR Too busy, try later'), 'greeting')).toEqual({ code: 'server-temporary', certain: false });
    expect(classifyAuthRefusal(refusal('-ERR [SYS/PERM] Service disabled'), 'greeting')).toEqual({
      code: 'server-permanent',
      certain: true,
    });
  });
});

describe('the wordings added for servers other than Dovecot', () => {
  it('reads solid-pop3d’s dot-lock refusal as a lock, at every step and in either apostrophe', () => {
    for (const step of ['USER', 'PASS', 'APOP', 'AUTH'] as const) {
      expect(classifyAuthRefusal(refusal("-ERR can't lock mailbox file"), step)).toEqual({ code: 'mailbox-locked', certain: true });
    }
    expect(matchLockWording('can’t lock mailbox file')?.server).toMatch(/^solid-pop3d/);
    expect(matchLockWording("can't set lock on mailbox")?.server).toMatch(/^solid-pop3d/);
  });

  it('reads Courier’s sticky bit as a temporary unavailability: not a password problem, and not another program', () => {
    const line = '-ERR Your account is temporarily unavailable (+t bit set on home directory).';
    for (const step of ['USER', 'PASS', 'APOP', 'AUTH'] as const) {
      expect(classifyAuthRefusal(refusal(line), step)).toEqual({ code: 'server-temporary', certain: true });
    }
    expect(TEMPORARY_WORDINGS[0]?.pattern.test(TEMPORARY_WORDINGS[0].example)).toBe(true);
  });

  it('keeps every known table apart from the others', () => {
    for (const w of TEMPORARY_WORDINGS) {
      expect(LOCK_WORDINGS.some((l) => l.pattern.test(w.example))).toBe(false);
      expect(CONNECTION_LIMIT_WORDINGS.some((l) => l.pattern.test(w.example))).toBe(false);
    }
  });
});

describe('the general vocabulary', () => {
  // [text, class]: invented texts in the languages of ISPs that run POP3 servers.
  const cases: Array<[string, RefusalClass['code'], boolean]> = [
    ['Mailbox is locked, try again in a few minutes', 'mailbox-locked', false],
    ['The maildrop is in use', 'mailbox-locked', false],
    ['Server busy', 'mailbox-locked', false],
    ['Another POP3 session is active for this user', 'mailbox-locked', false],
    ['Mail delivery in progress', 'mailbox-locked', false],
    ['Login failed: mailbox locked', 'mailbox-locked', false],
    ['Postfach ist gesperrt', 'mailbox-locked', false],
    ['Das Postfach ist belegt', 'mailbox-locked', false],
    ['Boîte aux lettres verrouillée', 'mailbox-locked', false],
    ['Boite occupee', 'mailbox-locked', false],
    ['Buzón bloqueado por otra sesión', 'mailbox-locked', false],
    ['Casella bloccata', 'mailbox-locked', false],
    ['Mailbox vergrendeld', 'mailbox-locked', false],
    ['Caixa postal em uso', 'mailbox-locked', false],
    ['Skrzynka zablokowana', 'mailbox-locked', false],
    ['Почтовый ящик заблокирован', 'mailbox-locked', false],
    ['Ящик занят другим сеансом', 'mailbox-locked', false],
    ['メールボックスは使用中です', 'mailbox-locked', false],
    ['邮箱已被锁定', 'mailbox-locked', false],
    ['Too many simultaneous connections', 'too-many-connections', false],
    ['Your account has been locked', 'server-temporary', false],
    ['Ihr Konto wurde vorübergehend gesperrt', 'server-temporary', false],
    ['Compte bloqué', 'server-temporary', false],
    ['Authentication temporarily unavailable', 'server-temporary', false],
    ['Service unavailable, try again later', 'server-temporary', false],
    ['Login nicht möglich, bitte später erneut versuchen', 'server-temporary', false],
    ['Dienst vorübergehend nicht verfügbar', 'server-temporary', false],
    ['Service temporairement indisponible, réessayez plus tard', 'server-temporary', false],
    ['Servicio no disponible temporalmente, inténtelo más tarde', 'server-temporary', false],
    ['Servizio temporaneamente non disponibile', 'server-temporary', false],
    ['Dienst tijdelijk niet beschikbaar', 'server-temporary', false],
    ['Serviço temporariamente indisponível', 'server-temporary', false],
    ['Usługa chwilowo niedostępna, spróbuj później', 'server-temporary', false],
    ['Сервис временно недоступен, попробуйте позже', 'server-temporary', false],
    ['ただいまメンテナンス中です', 'server-temporary', false],
    ['服务暂时不可用', 'server-temporary', false],
    ['Internal error occurred. Refer to server log for more information.', 'server-temporary', false],
    ['Invalid password', 'auth-failed', true],
    ['Login incorrect', 'auth-failed', true],
    ['Invalid user', 'auth-failed', true],
    ['Bad credentials', 'auth-failed', true],
    ['authorization failed', 'auth-failed', true],
    ['Passwort falsch', 'auth-failed', true],
    ['Kennwort ungültig', 'auth-failed', true],
    ['Mot de passe incorrect', 'auth-failed', true],
    ['Contraseña incorrecta', 'auth-failed', true],
    ['Senha inválida', 'auth-failed', true],
    ['Wachtwoord onjuist', 'auth-failed', true],
    ['Nieprawidłowe hasło', 'auth-failed', true],
    ['Неверный пароль', 'auth-failed', true],
    ['パスワードが違います', 'auth-failed', true],
    ['用户名或密码错误', 'auth-failed', true],
    ['Wrong password; your account will be locked after 3 more attempts', 'auth-failed', true],
    ['Login failed, please try again', 'login-refused', false],
    ['Mot de passe incorrect, réessayez', 'auth-failed', true],
    ['Falsches Passwort, bitte erneut versuchen', 'auth-failed', true],
    ['Неверный пароль, попробуйте ещё раз', 'auth-failed', true],
    ['Login failed.', 'login-refused', false],
    ['Access denied', 'login-refused', false],
    ['Nope', 'login-refused', false],
    ['Anmeldung fehlgeschlagen', 'login-refused', false],
    ['Échec de la connexion', 'login-refused', false],
  ];

  it.each(cases)('%s → %s', (text, code, certain) => {
    expect(classifyAuthRefusal({ code: null, text }, 'PASS')).toEqual({ code, certain });
  });

  it('never reads a text that names a lock or a temporary state as a wrong password, even beside login words', () => {
    for (const text of [
      'Login refused: mailbox locked',
      'Authentication temporarily unavailable',
      'Passwort ok, aber Postfach gesperrt',
      'Login credentials service is temporarily unavailable',
    ]) {
      expect(classifyAuthRefusal({ code: null, text }, 'PASS').code, text).not.toBe('auth-failed');
    }
  });

  it('lets a lock or temporary text win over an [AUTH] code, uncertain; [AUTH] alone stays a sure credentials failure', () => {
    expect(classifyAuthRefusal({ code: 'AUTH', text: 'Mailbox is locked, try later' }, 'PASS')).toEqual({
      code: 'mailbox-locked',
      certain: false,
    });
    expect(classifyAuthRefusal({ code: 'AUTH', text: 'Authentication service temporarily unavailable' }, 'PASS')).toEqual({
      code: 'server-temporary',
      certain: false,
    });
    expect(classifyAuthRefusal({ code: 'AUTH', text: 'Login failed.' }, 'PASS')).toEqual({ code: 'auth-failed', certain: true });
  });

  it('keeps refusals at the greeting server-temporary, whatever the words', () => {
    for (const text of ['Invalid password', 'Login failed.', 'Mailbox busy', 'Go away']) {
      expect(classifyAuthRefusal({ code: null, text }, 'greeting'), text).toEqual({ code: 'server-temporary', certain: false });
    }
  });

  it('normalises case, accents, full-width letters and typographic apostrophes', () => {
    expect(normaliseRefusalText('  VORÜBERGEHEND\tNicht  Verfügbar ')).toBe('vorubergehend nicht verfugbar');
    expect(normaliseRefusalText('Ｍａｉｌｂｏｘ ＬＯＣＫＥＤ')).toBe('mailbox locked');
    expect(normaliseRefusalText('Can’t')).toBe("can't");
    expect(classifyAuthRefusal({ code: null, text: 'REESSAYEZ PLUS TARD' }, 'PASS').code).toBe('server-temporary');
    expect(classifyAuthRefusal({ code: null, text: 'CONTRASENA INCORRECTA' }, 'PASS').code).toBe('auth-failed');
  });

  it('reads UTF-8 that arrived as latin1 octets as UTF-8, and real latin1 as latin1', () => {
    const asLatin1 = (t: string): string => Buffer.from(t, 'utf8').toString('latin1');
    expect(readableServerText(asLatin1('Boîte verrouillée'))).toBe('Boîte verrouillée');
    expect(readableServerText(asLatin1('Почтовый ящик занят'))).toBe('Почтовый ящик занят');
    expect(readableServerText('Postfach vor\u00fcbergehend gesperrt')).toBe('Postfach vorübergehend gesperrt'); // latin1 ü: not UTF-8
    expect(readableServerText('plain ASCII')).toBe('plain ASCII');
    expect(classifyAuthRefusal({ code: null, text: asLatin1('Неверный пароль') }, 'PASS')).toEqual({ code: 'auth-failed', certain: true });
    expect(classifyAuthRefusal({ code: null, text: asLatin1('服务暂时不可用') }, 'PASS')).toEqual({
      code: 'server-temporary',
      certain: false,
    });
  });

  it('matches whole words: "blocked" is not "locked", "unlocked" not a lock', () => {
    expect(matchRefusalVocabulary('Sender blocked')).toBeNull();
    expect(matchRefusalVocabulary('Login rejected')).toBeNull();
    expect(matchRefusalVocabulary('Please relogin')).toBeNull();
  });

  it('has rows of every kind and compiles every row for Unicode', () => {
    for (const kind of ['connection-limit', 'account-hold', 'lock', 'temporary', 'credentials'] as const) {
      expect(
        REFUSAL_VOCABULARY.some((r) => r.kind === kind),
        kind,
      ).toBe(true);
    }
    expect(REFUSAL_VOCABULARY.every((r) => r.pattern.unicode)).toBe(true);
  });

  it('reports the words that decided, in the server’s own spelling, for the diagnosis to quote', () => {
    expect(matchRefusalVocabulary('Dienst  VORÜBERGEHEND nicht verfügbar')).toEqual({
      kind: 'temporary',
      lang: 'de',
      words: 'VORÜBERGEHEND',
    });
    expect(matchRefusalVocabulary('Réessayez plus tard')).toEqual({ kind: 'temporary', lang: 'fr', words: 'plus tard' });
    expect(matchRefusalVocabulary('Ressayez dans un moment, service momentanément indisponible')).toEqual({
      kind: 'temporary',
      lang: 'fr',
      words: 'momentanément',
    });
    expect(matchRefusalVocabulary('服务暂时不可用')?.words).toBe('暂时');
    expect(matchRefusalVocabulary('Postfach ist vorübergehend gesperrt')).toEqual({ kind: 'lock', lang: 'de', words: 'gesperrt' });
    expect(matchRefusalVocabulary('Service temporarily unavailable')).toEqual({ kind: 'temporary', lang: 'all', words: 'temporarily' });
  });
});

describe('the general vocabulary: warnings of what comes next', () => {
  it.each([
    'Wrong password; your account will be locked after 3 more attempts',
    'Falsches Passwort: Ihr Konto wird nach 3 weiteren Versuchen gesperrt',
    'Mot de passe incorrect, votre compte sera bloqué',
    'Contraseña incorrecta, la cuenta será bloqueada',
    'Неверный пароль, аккаунт будет заблокирован',
  ])('“%s” is the password, not a hold', (text) => {
    expect(classifyAuthRefusal({ code: null, text }, 'PASS')).toEqual({ code: 'auth-failed', certain: true });
  });

  it.each(["can't lock mailbox", 'cannot lock the maildrop', 'could not lock mailbox', 'Unable to lock'])('“%s” stays a lock', (text) => {
    expect(classifyAuthRefusal({ code: null, text }, 'PASS').code).toBe('mailbox-locked');
  });
});
