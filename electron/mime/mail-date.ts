// The Date header (RFC 5322 §3.3, with the obsolete forms of §4.3) as milliseconds since the
// epoch. Our own parser rather than `Date.parse`: V8 reads a date without a zone as local time
// and accepts nonsense, and mailparser substitutes the current time for a date it cannot read,
// which would sort a broken message as brand new.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 5322 §4.3 obs-zone, in minutes east of UTC. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  edt: -4 * 60,
  est: -5 * 60,
  cdt: -5 * 60,
  cst: -6 * 60,
  mdt: -6 * 60,
  mst: -7 * 60,
  pdt: -7 * 60,
  pst: -8 * 60,
};

const RFC5322 =
  /^(?:[a-z]+\s*,?\s*)?(\d{1,2})\s*[-\s]\s*([a-z]{3})[a-z]*\.?\s*[-\s]\s*(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?(?:\s*([+-]\d{4}|[+-]\d{2}:\d{2}|[a-z]+))?/i;

const ISO8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Minutes east of UTC for a zone token; RFC 5322 §4.3 says unknown (and military) zones SHOULD be +0000. */
function zoneOffset(zone: string | undefined): number {
  if (!zone) return 0; // a zone is required (§3.3); a missing one is read as UTC, not as local time
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toLowerCase()] ?? 0;
}

/** The Date header value as ms since the epoch, or null when it is missing or not a date. */
export function parseMailDate(value: string | null): number | null {
  if (value === null) return null;
  // Comments (RFC 5322 §3.2.2), e.g. "+0100 (CET)", carry nothing we need.
  let text = value;
  for (let i = 0; i < 3 && text.includes('('); i++) text = text.replace(/\([^()]*\)/g, ' ');
  text = text.replace(/\s+/g, ' ').trim();
  if (ISO8601.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : ms;
  }
  const m = RFC5322.exec(text);
  if (!m) return null;
  const [, dayText, monthText, yearText, hourText, minuteText, secondText, zone] = m;
  const month = MONTHS.indexOf((monthText ?? '').toLowerCase());
  if (month < 0) return null;
  let year = Number(yearText);
  // RFC 5322 §4.3: two-digit years 00–49 are 2000–2049, 50–99 are 1950–1999; three digits add 1900.
  if ((yearText ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  else if ((yearText ?? '').length === 3) year += 1900;
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Math.min(Number(secondText ?? 0), 59); // 60 is a leap second (§3.3)
  if (day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const utc = Date.UTC(year, month, day, hour, minute, second);
  if (new Date(utc).getUTCDate() !== day) return null; // 31 Feb is not a date
  return utc - zoneOffset(zone) * 60_000;
}
