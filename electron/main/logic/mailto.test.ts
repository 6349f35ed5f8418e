import { describe, expect, it } from 'vitest';
import { accountForMailto, acceptMailto, MAILTO_MAX, mailtoInArgs } from './mailto.ts';

describe('mailto: links from other programs', () => {
  it('finds the link the system put among the arguments, the last one', () => {
    expect(mailtoInArgs(['/opt/Poplar/poplar', '--no-sandbox', 'mailto:ann@example.org?subject=Hi'])).toBe(
      'mailto:ann@example.org?subject=Hi',
    );
    expect(mailtoInArgs(['poplar', 'MAILTO:a@example.org', 'mailto:b@example.org'])).toBe('mailto:b@example.org');
    expect(mailtoInArgs(['poplar', '--demo'])).toBeNull();
    expect(mailtoInArgs(['poplar', 'https://example.org'])).toBeNull();
  });

  it('refuses what is not a mailto: URL, or is longer than the channel takes', () => {
    expect(acceptMailto('mailto:ann@example.org')).toBe('mailto:ann@example.org');
    expect(acceptMailto('http://example.org')).toBeNull();
    expect(acceptMailto(`mailto:ann@example.org?body=${'a'.repeat(MAILTO_MAX)}`)).toBeNull();
  });

  it('writes from the first account with an outgoing server, else the first, else none', () => {
    expect(
      accountForMailto([
        { id: 1, smtp: null },
        { id: 2, smtp: { host: 'smtp.example.org' } },
      ]),
    ).toBe(2);
    expect(accountForMailto([{ id: 3, smtp: null }, { id: 4 }])).toBe(3);
    expect(accountForMailto([])).toBeNull();
  });
});
