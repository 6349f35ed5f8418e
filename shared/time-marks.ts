// Times inside sentences the engine writes (a diagnosis, a banner, the report) travel as marks,
// not as formatted text: the engine cannot know how the window writes a time (12- or 24-hour,
// the user's locale), and one screen must not mix two ways (issue 14, defect 2). The window
// replaces each mark with renderer/format/time.ts, the command line with its own plain words
// (electron/diagnostics/when.ts plainTimes).
//
//   U+E000 <style> ":" <milliseconds since the epoch> U+E001
//
// Two characters of the Unicode private use area delimit a mark: no text Poplar writes uses
// them, and the server's own words have them removed (stripTimeMarks) before they are quoted,
// so a server cannot forge one.

/** How a time is said: the time of day; with seconds (gaps of seconds are the evidence); with the day when it is not today. */
export type TimeStyle = 'clock' | 'seconds' | 'day';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = /\uE000(clock|seconds|day):(\d{1,16})\uE001/g;

/** A time in a sentence, for whoever shows the sentence to say in its own way. */
export function timeMark(at: number, style: TimeStyle): string {
  // Down, not to the nearest: 21:29:59.6 rounded would be said as 21:30, a minute it is not in.
  return `${OPEN}${style}:${Math.floor(at)}${CLOSE}`;
}

/** `text` with every time mark replaced by `say(at, style)`. */
export function resolveTimeMarks(text: string, say: (at: number, style: TimeStyle) => string): string {
  if (!text.includes(OPEN)) return text;
  return text.replace(MARK, (_, style: TimeStyle, at: string) => say(Number(at), style));
}

/** Text from outside (a server's response) with the mark characters taken out. */
export function stripTimeMarks(text: string): string {
  return text.replaceAll(OPEN, '').replaceAll(CLOSE, '');
}
