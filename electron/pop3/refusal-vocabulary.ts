// The words a refusal at login is read by when it has no response code and no known wording
// (lock-refusal.ts). RFC 2449 §8 says a bare -ERR "may mean anything", and RFC 3206 §3 that
// clients parse the text anyway; real servers word refusals in countless ways and in the
// language of their provider, so no table of exact texts is ever complete. A general
// vocabulary degrades safely instead: a text that names a lock, a busy mailbox or a
// temporary state is never read as a wrong password (which would pause the account), and
// only a text that names the password or the credentials is read as one.
//
// Texts and patterns are compared after normaliseRefusalText: lower case, accents and other
// combining marks removed (NFKD), typographic apostrophes made plain, spaces collapsed. The
// patterns below are written with their accents and normalised the same way when compiled,
// so "vorübergehend" matches "VORUBERGEHEND" and "Vorübergehend" alike.

/** What a word says about the refusal. */
export type VocabularyKind = 'connection-limit' | 'account-hold' | 'lock' | 'temporary' | 'credentials';

export interface VocabularyRow {
  readonly kind: VocabularyKind;
  /** ISO 639-1, or 'all' for words shared by several languages. */
  readonly lang: string;
  readonly pattern: RegExp;
}

export interface VocabularyMatch {
  readonly kind: VocabularyKind;
  readonly lang: string;
  /** The words of the server's text that matched, in its own spelling (whole words). */
  readonly words: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The server's text as the characters it meant. The client decodes status lines as latin1
 * (connection.ts: RFC 1939 §3 makes them ASCII, and latin1 keeps every byte), but servers
 * localised beyond ASCII send UTF-8 (or an 8-bit charset such as latin1 itself): octets that
 * form valid UTF-8 are read as UTF-8 — "verrouillÃ©e" is "verrouillée" — and anything else
 * is kept as latin1. Texts in other 8-bit charsets (KOI8-R, Shift JIS) stay unreadable.
 */
export function readableServerText(text: string): string {
  const units = Array.from(text, (c) => c.charCodeAt(0));
  // Only octets (each character one byte, as latin1 decodes them), and at least one not ASCII.
  if (units.some((u) => u > 0xff) || !units.some((u) => u > 0x7f)) return text;
  try {
    return UTF8.decode(Uint8Array.from(units));
  } catch {
    return text;
  }
}

/** Lower case, no accents or other combining marks, plain apostrophes, single spaces. */
export function normaliseRefusalText(text: string): string {
  return normalised(readableServerText(text)).normal;
}

/**
 * The normal form of `text`, and for each of its UTF-16 units the index in `text` of the
 * character it comes from — so a match in the normal form can be quoted in the server's own
 * spelling ("vorübergehend", not "vorubergehend").
 */
function normalised(text: string): { normal: string; origin: number[] } {
  let normal = '';
  const origin: number[] = [];
  let index = 0;
  for (const ch of text) {
    let n = stripMarks(ch.normalize('NFKD'))
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'");
    if (/^\s+$/u.test(n)) n = normal === '' || normal.endsWith(' ') ? '' : ' ';
    for (let k = 0; k < n.length; k++) origin.push(index);
    normal += n;
    index += ch.length;
  }
  if (normal.endsWith(' ')) {
    normal = normal.slice(0, -1);
    origin.pop();
  }
  return { normal, origin };
}

function stripMarks(s: string): string {
  return s.replace(/\p{M}/gu, '');
}

// Word edges that work for every script with letters (Latin, Cyrillic); \b knows only ASCII.
// Chinese and Japanese have no spaces between words, so their rows match anywhere.
const L = '(?<![\\p{L}\\p{N}])';
const R = '(?![\\p{L}\\p{N}])';
/** Words that put what follows in the future: "will be locked", "wird gesperrt", "sera bloqué". */
const FUTURE = `${L}(?:will|would|shall|wird|werden|sera|sara|zostanie|zostana|будет|будут)${R}`;
/**
 * Not after a future word up to four words back: a warning of what comes next ("your account will
 * be locked after 3 more attempts", sent with a wrong password) is not the state it is in now.
 * "cannot lock" and "could not lock" stay locks.
 */
const NOT_A_WARNING = `(?<!${FUTURE}(?: \\S+){0,4} )`;
/** Up to three words between an account and its hold, none of them a future word. */
const GAP = `(?:(?!${FUTURE})\\S+ ){0,3}`;

/**
 * Each pattern is compiled on first use (issue 13): compiling all of them when the module loads
 * took 60–90 ms of every `poplar sync`'s start, before its first message, for words that are
 * read only when a server refuses a login.
 */
function row(kind: VocabularyKind, lang: string, source: string): VocabularyRow {
  const guard = kind === 'credentials' || kind === 'connection-limit' ? '' : NOT_A_WARNING;
  let pattern: RegExp | null = null;
  return {
    kind,
    lang,
    get pattern(): RegExp {
      pattern ??= new RegExp(guard + stripMarks(source.normalize('NFKD')), 'u');
      return pattern;
    },
  };
}

const rows = (kind: VocabularyKind, lang: string, ...sources: string[]): VocabularyRow[] => sources.map((s) => row(kind, lang, s));

/**
 * Checked in this order; the first kind with a match decides. A connection limit before a
 * lock ("too many sessions" is not one other session), a hold on the account before a lock
 * ("account locked" is no other session either), a lock before a temporary state
 * ("mailbox busy, try again later" is a lock), both before the credentials words
 * ("authentication temporarily unavailable" is a temporary state, not a wrong password).
 */
export const REFUSAL_VOCABULARY: readonly VocabularyRow[] = [
  ...rows(
    'connection-limit',
    'en',
    `${L}too many (?:\\S+ )?(?:connections|sessions|clients)${R}`,
    `${L}(?:connection|session)s? limit`,
    `${L}maximum (?:number of )?(?:\\S+ )?(?:connections|sessions)`,
  ),
  ...rows('connection-limit', 'de', `${L}zu viele (?:\\S+ )?(?:verbindungen|sitzungen)`),
  ...rows('connection-limit', 'fr', `${L}trop de (?:\\S+ )?(?:connexions|sessions)`),
  ...rows('connection-limit', 'es', `${L}demasiadas (?:\\S+ )?(?:conexiones|sesiones)`),
  ...rows('connection-limit', 'it', `${L}troppe (?:\\S+ )?(?:connessioni|sessioni)`),

  // The account (not the mailbox) locked or blocked: a hold the provider put on it, often for a
  // while after too many attempts. Not another session, so not 'lock'; never the password.
  ...rows('account-hold', 'en', `${L}account ${GAP}(?:locked|blocked|suspended)${R}`, `${L}locked out${R}`),
  ...rows('account-hold', 'de', `${L}(?:konto|benutzerkonto|zugang) ${GAP}gesperrt`),
  ...rows('account-hold', 'fr', `${L}compte ${GAP}(?:verrouill|bloqu|suspendu)`),
  ...rows('account-hold', 'es', `${L}cuenta ${GAP}(?:bloquead|suspendid)`),
  ...rows('account-hold', 'it', `${L}account ${GAP}(?:bloccat|sospes)`),
  ...rows('account-hold', 'nl', `${L}account ${GAP}(?:geblokkeerd|vergrendeld)`),
  ...rows('account-hold', 'pt', `${L}conta ${GAP}(?:bloquead|suspens)`),
  ...rows('account-hold', 'pl', `${L}konto ${GAP}zablokowan`),
  ...rows('account-hold', 'ru', `${L}(?:учётн\\S* запис\\S*|аккаунт) ${GAP}заблокирован`),

  // A lock, or another session/program holding the mailbox.
  ...rows(
    'lock',
    'en',
    `${L}lock`, // lock, locked, locking, lockfile — but not "block"
    `${L}in use${R}`,
    `${L}busy${R}`,
    `${L}in progress${R}`,
    `${L}(?:another|other|concurrent|existing) (?:\\S+ ){0,2}(?:session|connection|client|process|login)s?${R}`,
    `${L}already (?:logged in|connected|open|opened|in use|active|accessed)`,
    `${L}being (?:used|accessed|updated|modified|delivered)`,
  ),
  ...rows(
    'lock',
    'de',
    `${L}gesperrt`,
    `${L}belegt${R}`,
    `${L}sperre${R}`,
    `${L}in (?:benutzung|verwendung|gebrauch|bearbeitung)${R}`,
    `${L}wird (?:gerade |bereits )?(?:verwendet|benutzt|bearbeitet)`,
    `${L}(?:andere|weitere|bestehende)[nrs]? (?:\\S+ )?sitzung`,
    `${L}bereits (?:angemeldet|geöffnet|verbunden)`,
  ),
  ...rows(
    'lock',
    'fr',
    `${L}verrouill`,
    `${L}occupée?s?${R}`,
    `${L}en cours d'utilisation`,
    `${L}(?:déjà |actuellement )?utilisée? par`,
    `${L}(?:une )?autre session`,
    `${L}déjà connectée?`,
  ),
  ...rows('lock', 'es/pt', `${L}bloquead[oa]s?${R}`, `${L}ocupad[oa]s?${R}`),
  ...rows('lock', 'es', `${L}en uso${R}`, `${L}otra sesión`, `${L}siendo usad[oa]`),
  ...rows('lock', 'it', `${L}bloccat[oaie]${R}`, `${L}occupat[oaie]${R}`, `${L}in uso${R}`, `${L}altra sessione`),
  ...rows('lock', 'nl', `${L}vergrendeld${R}`, `${L}geblokkeerd${R}`, `${L}bezet${R}`, `${L}in gebruik${R}`, `${L}andere sessie`),
  ...rows('lock', 'pt', `${L}em uso${R}`, `${L}outra sessão`, `${L}travad[oa]s?${R}`),
  ...rows('lock', 'pl', `${L}zablokowan`, `${L}zajęt[aey]${R}`, `${L}w użyciu${R}`, `${L}inna sesja`, `${L}używan[aey] przez`),
  ...rows(
    'lock',
    'ru',
    `${L}заблокирован`,
    `${L}блокировк`,
    `${L}занят[аоы]?${R}`,
    `${L}используется`,
    `${L}(?:другой|другая|другим|другого) (?:сеанс|сесси|клиент|процесс|программ)`,
  ),
  ...rows('lock', 'ja', 'ロック', '使用中', '(?:他|別|ほか)の(?:セッション|接続)'),
  ...rows('lock', 'zh', '[锁鎖]', '占用', '正在使用', '使用中'),

  // A temporary state on the server's side: retry later. A bare "try again" (réessayez,
  // riprova, попробуйте …) is not one: wrong-password replies say it too.
  ...rows(
    'temporary',
    'all',
    `${L}tempor`, // temporary, temporarily, temporär, temporaire(ment), temporal(mente), temporaneamente, temporariamente
    `${L}maint[ae]n`,
  ), // maintenance, mantenimiento, manutenzione, manutenção
  ...rows(
    'temporary',
    'en',
    `${L}unavailable`,
    `${L}not (?:currently |presently |yet )?available`,
    `${L}(?:try|retry|come back|check back) (?:\\S+ )?later`,
    `${L}later${R}`, // also Dutch
    `${L}overload`,
    `${L}too many${R}`,
    `${L}(?:internal|server|system|database|backend|i/o) (?:\\S+ )?error`,
    `${L}out of (?:memory|resources)`,
    `${L}(?:disk|filesystem) (?:is )?full`,
    `${L}no space left`,
  ),
  ...rows(
    'temporary',
    'de',
    `${L}vorübergehend`,
    `${L}später`,
    `${L}nicht (?:\\S+ )?verfügbar`,
    `${L}(?:zur ?zeit|derzeit|momentan|aktuell|gerade) nicht`,
    `${L}wartung`,
    `${L}überlastet`,
    `${L}bitte warten`,
  ),
  ...rows('temporary', 'fr', `${L}momentanément`, `${L}plus tard`, `${L}indisponible`, `${L}(?:non|pas) disponible`, `${L}surcharg`),
  ...rows('temporary', 'es', `${L}más tarde`, `${L}no (?:está )?disponible`, `${L}momentáneamente`, `${L}sobrecargad`),
  ...rows('temporary', 'it', `${L}più tardi`, `${L}non (?:è )?disponibile`, `${L}momentaneamente`, `${L}sovraccaric`),
  ...rows('temporary', 'nl', `${L}tijdelijk`, `${L}probeer het later`, `${L}niet beschikbaar`, `${L}onderhoud`, `${L}overbelast`),
  ...rows('temporary', 'pt', `${L}mais tarde`, `${L}indisponível`, `${L}não (?:está )?disponível`, `${L}sobrecarregad`),
  ...rows('temporary', 'pl', `${L}tymczasow`, `${L}chwilowo`, `${L}później`, `${L}niedostępn`, `${L}konserwacj`, `${L}przeciążon`),
  ...rows('temporary', 'ru', `${L}временн`, `${L}позж`, `${L}недоступ`, `${L}не доступ`, `${L}техническ`, `${L}перегруж`),
  ...rows('temporary', 'ja', '一時的', 'しばらく', '後ほど', '後で', '利用できません', 'メンテナンス', '混雑'),
  ...rows('temporary', 'zh', '[暂暫]时', '[暂暫]時', '稍[后後]', '不可用', '无法使用', '[维維][护護]', '繁忙', '忙'),

  // The password or the credentials, named: a confirmed credentials failure.
  ...rows(
    'credentials',
    'en',
    `${L}pass ?words?${R}`,
    `${L}passwd`,
    `${L}passphrase`,
    `${L}credential`,
    `${L}authenticat`,
    `${L}auth failed`,
    `${L}authori[sz]ation failed`, // qmail-pop3d's checkpassword: "-ERR authorization failed"
    `${L}log ?in incorrect`,
    `${L}(?:incorrect|invalid|bad|wrong) (?:log ?in|user ?name|user|account)${R}`,
    `${L}(?:unknown|no such) (?:user|account)${R}`,
    `${L}user (?:\\S+ )?(?:unknown|not found|does not exist|doesn't exist)`,
  ),
  ...rows(
    'credentials',
    'de',
    `${L}passwort`,
    `${L}kennwort`,
    `${L}zugangsdaten`,
    `${L}anmeldedaten`,
    `${L}authentifi`,
    `${L}authentisier`,
    `${L}(?:unbekannter|ungültiger|falscher) (?:benutzer|nutzer)`,
    `${L}benutzer(?:name)? (?:\\S+ )?(?:unbekannt|ungültig|falsch)`,
  ),
  ...rows(
    'credentials',
    'fr',
    `${L}mot de passe`,
    `${L}identifiants?${R}`,
    `${L}authentifi`,
    `${L}utilisateur (?:inconnu|invalide|incorrect)`,
  ),
  ...rows(
    'credentials',
    'es/pt',
    `${L}autentica`, // autenticación, autenticação, autenticazione
    `${L}credencia`,
  ), // credenciales, credenciais
  ...rows('credentials', 'es', `${L}contraseña`, `${L}clave${R}`, `${L}usuario (?:desconocido|no válido|inválido|incorrecto)`),
  ...rows('credentials', 'it', `${L}credenzial`, `${L}utente (?:sconosciuto|non valido|errato)`),
  ...rows('credentials', 'nl', `${L}wachtwoord`, `${L}inloggegevens`, `${L}authenticatie`, `${L}(?:onbekende|ongeldige) gebruiker`),
  ...rows('credentials', 'pt', `${L}senha`, `${L}(?:usuário|utilizador) (?:desconhecido|inválido|incorreto)`),
  ...rows('credentials', 'pl', `${L}hasł`, `${L}uwierzytelni`, `${L}dane logowania`, `${L}(?:nieznany|nieprawidłowy) użytkownik`),
  ...rows(
    'credentials',
    'ru',
    `${L}парол`,
    `${L}аутентифик`,
    `${L}авторизац`,
    `${L}учётн\\S* данн`,
    `${L}(?:неверн|неправильн)\\S* (?:логин|имя)`,
    `${L}пользовател\\S* не найден`,
  ),
  ...rows('credentials', 'ja', 'パスワード', '認証', '暗証'),
  ...rows('credentials', 'zh', '密[码碼]', '[认認][证證]', '[验驗][证證]失[败敗]'),
];

const ORDER: readonly VocabularyKind[] = ['connection-limit', 'account-hold', 'lock', 'temporary', 'credentials'];

/** The first kind (in ORDER) whose words the text contains, with the words that matched. */
export function matchRefusalVocabulary(text: string, kinds: readonly VocabularyKind[] = ORDER): VocabularyMatch | null {
  const readable = readableServerText(text);
  const { normal, origin } = normalised(readable);
  if (normal === '') return null;
  for (const kind of ORDER) {
    if (!kinds.includes(kind)) continue;
    for (const r of REFUSAL_VOCABULARY) {
      if (r.kind !== kind) continue;
      const m = r.pattern.exec(normal);
      if (!m) continue;
      // A stem ("tempor") is quoted as the whole word it begins ("temporarily"); Chinese and
      // Japanese have no word breaks to extend to.
      const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u.test(m[0]);
      const rest = cjk ? '' : (/^[\p{L}\p{N}]*/u.exec(normal.slice(m.index + m[0].length))?.[0] ?? '');
      const from = origin[m.index] ?? 0;
      const lastFrom = origin[m.index + m[0].length + rest.length - 1] ?? from;
      const to = lastFrom + ((readable.codePointAt(lastFrom) ?? 0) > 0xffff ? 2 : 1);
      return { kind, lang: r.lang, words: readable.slice(from, to) };
    }
  }
  return null;
}
