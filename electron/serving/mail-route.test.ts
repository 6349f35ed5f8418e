import { describe, expect, it } from 'vitest';
import { mailRoute } from './mail-route.ts';

describe('mailRoute', () => {
  it('reads the mail routes and refuses broken ones', () => {
    expect(mailRoute('/attachments/12/34')).toEqual({ kind: 'attachment', messageId: 12, attachmentId: 34 });
    expect(mailRoute('/preview/12/34')).toEqual({ kind: 'preview', messageId: 12, attachmentId: 34 });
    expect(mailRoute('/archive/12')).toEqual({ kind: 'archive', messageId: 12 });
    expect(mailRoute('/parts/12/logo%40example.com')).toEqual({ kind: 'part', messageId: 12, contentId: 'logo@example.com' });
    expect(mailRoute('/index.html')).toBeNull();
    for (const p of [
      '/attachments/0/1',
      '/attachments/1',
      '/attachments/1/2/3',
      '/attachments/x/1',
      '/parts/1/',
      '/parts/1/%zz',
      '/attachments/99999999999999999/1',
      '/preview/1',
      '/preview/1/x',
      '/preview/1/2/3',
      '/archive/',
      '/archive/0',
      '/archive/1/2',
      '/archive/1/',
    ]) {
      expect(mailRoute(p), p).toBe('malformed');
    }
  });
});
