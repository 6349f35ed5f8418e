// Every bound the message parser (parse.ts, mime-guard.ts, header-block.ts) enforces, in one
// place, each with the reason for its number. A stored message is untrusted input of any size:
// these keep one message from costing more than a few tens of MB or a few seconds to index.

/**
 * Bytes read from the .eml file at a time. 64 KiB is Node's default for file streams and keeps
 * the number of chunks that flow through the guard and mailparser small without holding much.
 */
export const READ_CHUNK_BYTES = 64 * 1024;

/**
 * Characters of plain text handed back for the full-text index. The store indexes the same
 * amount (messages.ts, INDEXED_BODY_CHARS): 256 Ki characters is a 100-page document, more than
 * anyone searches in, while a pasted 50 MB log would make the FTS5 insert (and the index) huge.
 */
export const MAX_TEXT_CHARS = 256 * 1024;

/**
 * Characters of HTML handed back. The heaviest newsletters are a few hundred KB of markup;
 * 2 Mi characters leaves room for them while bounding what crosses IPC to the renderer. A
 * caller that wants more (a "show the whole message" action) passes `maxHtmlChars`.
 */
export const MAX_HTML_CHARS = 2 * 1024 * 1024;

/**
 * Longest HTML part that mailparser converts to text with html-to-text (its
 * `maxHtmlLengthToParse`). The converter builds a DOM and costs roughly a second per few MB;
 * a longer part gets the linear tag stripper in html-text.ts instead, so it is still searchable.
 */
export const MAX_HTML_TO_TEXT_CHARS = 2 * 1024 * 1024;

/**
 * Encoded bytes of inline text parts (text/plain, text/html, message/delivery-status without
 * an attachment disposition) that reach mailparser, summed over the message. mailparser keeps
 * those parts whole in memory, decoded, and builds an HTML copy of the plain text, so an
 * inline 100 MB CSV would cost several hundred MB. Past 16 MiB the guard drops the rest of
 * each such part's body (never a MIME delimiter), which is still 8 times MAX_HTML_CHARS of
 * quoted-printable at its worst (3 bytes per character).
 */
export const MAX_INLINE_TEXT_BYTES = 16 * 1024 * 1024;

/** Characters of the snippet shown in the message list (one or two lines of a list row). */
export const SNIPPET_CHARS = 200;

/**
 * Characters of text scanned to build the snippet: quoted replies can fill pages before the
 * first line of new text, and the snippet must not cost a pass over 256 Ki characters.
 */
export const SNIPPET_SCAN_CHARS = 32 * 1024;

/**
 * Bytes of the top-level header block kept for "show raw headers" and for the fallback when
 * mailparser fails. Real header blocks are 2–30 KB (long Received chains, DKIM and ARC
 * signatures); 256 KiB is far above that and a quarter of mailparser's own limit (1 MiB,
 * `maxHeadSize`), so a header block mailparser accepts is almost always kept whole.
 */
export const MAX_HEADER_BLOCK_BYTES = 256 * 1024;

/**
 * Bytes of a MIME part's header block the guard reads to find its Content-Type,
 * Content-Disposition and Content-Transfer-Encoding. Part headers are a few hundred bytes.
 */
export const MAX_PART_HEADER_BYTES = 64 * 1024;

/**
 * Longest line the guard keeps to test whether it is a MIME delimiter. RFC 2046 §5.1.1 caps a
 * boundary at 70 characters, but mailsplit (mailparser's splitter) also accepts up to 998
 * characters of trailing white space after it, so the guard must see lines at least that long
 * to agree with mailparser on the structure. Longer lines are body data and are never held.
 */
export const MAX_DELIMITER_LINE_BYTES = 2048;

/** Problems listed in `parseError`; the first few say what is wrong, more would only be noise. */
export const MAX_REPORTED_PROBLEMS = 6;

/**
 * Characters of HTML read by the fallback tag stripper (html-text.ts) when html-to-text was not
 * used. Text is typically a tenth to a third of newsletter markup, so 8 Mi characters of HTML
 * yield well over MAX_TEXT_CHARS of text; the pass is linear, about 50 ms for that much.
 */
export const MAX_ROUGH_HTML_CHARS = 8 * 1024 * 1024;
