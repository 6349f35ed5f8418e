import { expect, it } from 'vitest';
import { contentTypeOf, splitAddressList, withSignature } from './send-draft.ts';

const identity = { fromName: 'Ann', fromAddress: 'ann@example.org', replyTo: null, signature: 'Ann\nExample Street 1' };

it('splits a comma list at commas outside quotes and angle brackets', () => {
  expect(splitAddressList('a@x.example, "Doe, Ann" <b@y.example>,,  c@z.example ')).toEqual([
    'a@x.example',
    '"Doe, Ann" <b@y.example>',
    'c@z.example',
  ]);
});

it('puts the signature under the body after one "-- " line, also when the signature has its own', () => {
  expect(withSignature('Hello\r\n\n\n', identity)).toBe('Hello\n\n-- \nAnn\nExample Street 1\n');
  expect(withSignature('Hello\n', { ...identity, signature: '-- \nAnn' })).toBe('Hello\n\n-- \nAnn\n');
  expect(withSignature('Hello\n', { ...identity, signature: '' })).toBe('Hello\n');
  expect(withSignature('Hello\n', null)).toBe('Hello\n');
});

it('names the content type of common files, bytes otherwise', () => {
  expect(contentTypeOf('Report.PDF')).toBe('application/pdf');
  expect(contentTypeOf('notes')).toBe('application/octet-stream');
});
