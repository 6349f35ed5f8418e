// Reply and forward prepared from every kind of message in the test corpus, parsed as the
// store parses them: charsets, encoded subjects, a reply in a thread, a message without
// Date or Message-ID, a malformed one. The rules are pure; this checks they hold on real shapes.
import { describe, expect, it } from 'vitest';
import { parseMessageFile } from '../electron/mime/parse.ts';
import { prepareForward, prepareReply } from '../shared/compose/prepare.ts';
import { CORPUS_KINDS, variedCorpus } from './support/corpus.ts';

const corpus = variedCorpus(CORPUS_KINDS.length * 2);
const options = { own: ['me@test.poplar.invalid'], timeZone: 'UTC' };

describe('reply and forward on the test corpus', () => {
  it.each(corpus.map((m) => [m.name, m] as const))('%s', async (_name, message) => {
    const parsed = await parseMessageFile(message.raw);
    const { expect: want } = message;
    const reply = prepareReply(parsed, true, options);
    // One "Re:" however many the original had, and the subject's own words kept.
    expect(reply.subject.startsWith('Re: ')).toBe(true);
    expect(reply.subject.match(/\bRe:/g)?.length).toBe(1);
    expect(reply.subject).toContain(want.subjectWord);
    expect(reply.inReplyTo).toBe(want.messageId);
    if (want.messageId !== null) expect(reply.references.at(-1)).toBe(want.messageId);
    if (want.inReplyTo !== null) expect(reply.references).toEqual([...parsed.references, want.messageId]);
    // To the Reply-To when the message names one (the newsletter does), else the sender.
    const answerTo = parsed.replyTo[0]?.address ?? want.fromAddress;
    expect(reply.to[0]?.address).toBe(answerTo);
    expect(reply.to.concat(reply.cc).map((a) => a.address)).not.toContain(options.own[0]);
    // Every line of the original text is there, quoted.
    const quoted = reply.text.split('\n').filter((line) => line.startsWith('>'));
    expect(quoted.length).toBeGreaterThanOrEqual(parsed.text.replace(/\r\n?/g, '\n').trimEnd().split('\n').length);
    if (want.date !== null) expect(reply.text).toMatch(/^On \w{3}, \d{1,2} \w{3} \d{4} at \d\d:\d\d, .+ wrote:$/m);
    if (want.unicodeWord !== null) expect(reply.text).toContain(want.unicodeWord);

    const forward = prepareForward(parsed, true, options);
    expect(forward.subject.match(/\bFwd:/g)?.length).toBe(1);
    expect(forward.subject).not.toMatch(/\bRe:/);
    expect(forward.text).toContain(`Subject: ${parsed.subject}`);
    expect(forward.text).toContain(want.bodyWord);
  });
});
