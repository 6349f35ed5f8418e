// Subjects for replies and forwards that do not pile up prefixes: "Re: Re: AW: x" becomes
// "Re: x". The prefixes are the ones mail programs write in many languages (German AW/WG,
// Scandinavian SV/VS, Dutch Antw, Polish Odp, French TR, Spanish RV, Portuguese Enc …),
// with an optional count ("Re[2]:", "Re^3:") and a full-width colon from CJK programs.
const REPLY = ['re', 'aw', 'sv', 'vs', 'antw', 'odp', 'res', 'ynt', 'atb', 'ref', 'rif', 'ats', 'vá'];
const FORWARD = ['fwd', 'fw', 'wg', 'tr', 'rv', 'enc', 'doorst', 'vb', 'vl', 'i', 'pd', 'rif'];
const PREFIX = new RegExp(
  `^\\s*(?:\\[[^\\]]*\\]\\s*)?(?:${[...new Set([...REPLY, ...FORWARD])].join('|')})\\s*(?:\\[\\d+\\]|\\^\\d+|\\(\\d+\\))?\\s*[:：]\\s*`,
  'iu',
);

/** The subject without any reply or forward prefixes (a list tag before them goes too). */
export function baseSubject(subject: string): string {
  let rest = subject.trim();
  for (;;) {
    const match = PREFIX.exec(rest);
    if (match === null) return rest;
    rest = rest.slice(match[0].length);
  }
}

export function replySubject(subject: string): string {
  const base = baseSubject(subject);
  return base === '' ? 'Re:' : `Re: ${base}`;
}

export function forwardSubject(subject: string): string {
  const base = baseSubject(subject);
  return base === '' ? 'Fwd:' : `Fwd: ${base}`;
}
