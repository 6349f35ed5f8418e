// SASL LOGIN (draft-murchison-sasl-login): the server prompts "Username:" then "Password:"
// (Dovecot sends exactly these, base64: "VXNlcm5hbWU6", "UGFzc3dvcmQ6"). Not a standard, but
// the only password mechanism some servers offer. Like PLAIN it sends the password itself.
import { Secret } from '../../secrets/secret.ts';
import { saslExchange } from './exchange.ts';
import type { AuthExchange } from './exchange.ts';

const b64 = (text: string): Secret => new Secret(Buffer.from(text, 'utf8').toString('base64'));

export function loginExchange(user: string, password: Secret): AuthExchange {
  let sentUser = false;
  let sentPassword = false;
  return saslExchange('login', 'LOGIN', null, (challenge) => {
    // Answer by what the prompt asks when it says so, so a server that asks for the password
    // first never receives it as a user name; otherwise user name first, then password.
    const prompt = challenge.toString('utf8').toLowerCase();
    const wantsPassword = prompt.includes('pass') || (sentUser && !prompt.includes('user'));
    if (wantsPassword && !sentPassword) {
      sentPassword = true;
      return b64(password.reveal());
    }
    if (!wantsPassword && !sentUser) {
      sentUser = true;
      return b64(user);
    }
    return null;
  });
}
