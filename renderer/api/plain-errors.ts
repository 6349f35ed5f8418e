// Failures as the window shows them: in words, never with a channel name (issue 14, defect 4).
// The engine's refusal of an argument names the channel and the argument's place for programs
// and logs ("accounts.update: argument 2.port must be at least 1"); the window only ever sees
// such a refusal when its own checks missed one, and then says the rule alone ("port must be
// at least 1"): the caller says what failed ("Could not save: …").
import { PoplarError, type PoplarApi } from '../../shared/contract.ts';

/** "accounts.update: argument 2.port must be …" → "port must be …". */
export function plainRefusal(message: string): string {
  const rule = message
    .replace(/^[a-z]+\.[A-Za-z]+: /, '')
    .replace(/^argument \d+\./, '')
    .replace(/^argument( \d+)? /, 'a value ');
  return rule.charAt(0).toUpperCase() + rule.slice(1);
}

function plain(error: unknown): unknown {
  if (!(error instanceof PoplarError)) return error;
  if (error.code === 'invalid-argument') return new PoplarError(error.code, plainRefusal(error.message));
  if (error.code === 'unknown-channel')
    return new PoplarError(error.code, 'This window does not match the running Poplar: reload the page.');
  return error;
}

export function withPlainErrors(api: PoplarApi): PoplarApi {
  return {
    invoke: (channel, ...args) => api.invoke(channel, ...args).catch((error: unknown) => Promise.reject(plain(error) as Error)),
    on: (event, listener) => api.on(event, listener),
  };
}
