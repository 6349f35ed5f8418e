// RFC 5322 §3.3 date-time, written in the sender's own zone as real mail is.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** "Tue, 04 Mar 2025 09:15:27 +0100" for `ms` since the epoch, in a zone `zone` minutes east of UTC. */
export function mailDate(ms: number, zone: number): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + zone * 60_000);
  const sign = zone < 0 ? '-' : '+';
  const offset = `${sign}${two(Math.floor(Math.abs(zone) / 60))}${two(Math.abs(zone) % 60)}`;
  return (
    `${DAYS[local.getUTCDay()]}, ${two(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${offset}`
  );
}

/** "Tuesday 4 March" style, for a quoted reply's attribution line, in the writer's zone. */
export function attributionDate(ms: number, zone: number): string {
  const local = new Date(ms + zone * 60_000);
  const weekday = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][local.getUTCDay()];
  const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][
    local.getUTCMonth()
  ];
  return `${weekday} ${local.getUTCDate()} ${month} at ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
}
