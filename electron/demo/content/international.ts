// Mail in other languages, each in a charset and encoding that language's mail really uses:
// German in ISO-8859-1 quoted-printable, Russian in UTF-8 base64, Japanese in ISO-2022-JP
// (RFC 1468), French in UTF-8 quoted-printable. Subjects and names are RFC 2047 encoded words;
// the German attachment's name uses RFC 2231.
import type { DemoMail } from './mail.ts';
import { multipart, textPart } from './mime.ts';
import { ANNA, CAMILLE, JONAS, YUKI } from './people.ts';
import { ago, wrap } from './text.ts';

const GERMAN = [
  'Hallo aus München!',
  '',
  'Wie versprochen ein kurzes Lebenszeichen. Das Wetter ist herrlich, gestern waren wir im Englischen Garten und danach natürlich im Biergarten am Chinesischen Turm. Die Brezn sind wirklich so groß, wie ich erzählt habe.',
  '',
  'Am Samstag geht es in die Berge: eine Wanderung vom Tegernsee hinauf zur Neureuth, ungefähr drei Stunden. Ich habe dir die Route als Datei angehängt, falls du nächstes Jahr mitkommen möchtest.',
  '',
  'Schöne Grüße, auch an Maya,',
  'Jonas',
  '',
  'P.S. Über Weihnachten bin ich wieder in der Stadt. Glühwein?',
];

const ROUTE = [
  'Wanderung Tegernsee – Neureuth',
  '',
  'Start:      Bahnhof Tegernsee (Zug ab München Hbf, ca. 1 Std.)',
  'Aufstieg:   über den Prinzenweg, ca. 1,5 Std., 450 Höhenmeter',
  'Einkehr:    Berggasthaus Neureuth – Kaiserschmarrn!',
  'Abstieg:    Richtung Gmund, ca. 1,5 Std.',
  '',
  'Gutes Schuhwerk, Regenjacke, Wasser.',
];

const RUSSIAN = [
  'Привет!',
  '',
  'Как обещала, вот мамин рецепт сырников:',
  '',
  '- 500 г творога',
  '- 2 яйца',
  '- 3 столовые ложки сахара',
  '- щепотка соли',
  '- 4–5 столовых ложек муки',
  '',
  'Всё смешать, сформировать небольшие лепёшки, обвалять в муке и жарить на среднем огне по 3–4 минуты с каждой стороны. Подавать со сметаной или вареньем.',
  '',
  'Приятного аппетита! Напиши, как получилось.',
  '',
  'Обнимаю,',
  'Аня',
];

const JAPANESE = [
  'こんにちは。',
  '',
  '今年もお花見を企画しました。',
  '場所はいつもの川沿いの公園、桜の木の下です。',
  '',
  '日時：来週の土曜日、午前十一時から',
  '持ち物：お弁当、飲み物、レジャーシート',
  '',
  '雨の場合は翌日に延期します。',
  '参加できるかどうか、金曜日までに返信してください。',
  '',
  '楽しみにしています！',
  '',
  '田中 由紀',
];

const FRENCH = [
  'Coucou !',
  '',
  'Ça te dirait un café samedi matin ? Il y a une nouvelle boulangerie près du marché, leurs croissants sont déjà célèbres dans le quartier.',
  '',
  'On pourrait se retrouver vers 10 h devant la fontaine. Dis-moi vite, je dois réserver la table (oui, on réserve pour des croissants maintenant…).',
  '',
  'Bises,',
  'Camille',
];

export const INTERNATIONAL: readonly DemoMail[] = [
  {
    key: 'jonas-muenchen',
    minutesAgo: ago(2, 3, 27),
    from: JONAS,
    subject: 'Grüße aus München',
    subjectEncoding: { charset: 'ISO-8859-1', mode: 'Q' },
    body: multipart(
      'mixed',
      textPart('plain', wrap(GERMAN).join('\n'), { charset: 'ISO-8859-1', encoding: 'quoted-printable' }),
      textPart('plain', ROUTE.join('\n'), { encoding: 'quoted-printable', filename: 'Wanderung-Übersicht.txt' }),
    ),
  },
  {
    key: 'anna-syrniki',
    minutesAgo: ago(4, 1, 55),
    from: ANNA,
    subject: 'Рецепт сырников, как обещала',
    subjectEncoding: { charset: 'UTF-8', mode: 'B' },
    body: textPart('plain', wrap(RUSSIAN).join('\n'), { encoding: 'base64' }),
  },
  {
    key: 'yuki-hanami',
    minutesAgo: ago(7, 6, 40),
    from: YUKI,
    subject: 'お花見のお知らせ',
    subjectEncoding: { charset: 'ISO-2022-JP', mode: 'B' },
    body: textPart('plain', JAPANESE.join('\n'), { charset: 'ISO-2022-JP' }),
  },
  {
    key: 'camille-cafe',
    minutesAgo: ago(1, 2, 8),
    from: CAMILLE,
    subject: 'Café samedi ? ☕',
    subjectEncoding: { charset: 'UTF-8', mode: 'Q' },
    body: textPart('plain', wrap(FRENCH).join('\n'), { encoding: 'quoted-printable' }),
  },
];
