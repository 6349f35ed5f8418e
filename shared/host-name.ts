// A server name as the network needs it. People type an internationalised name (IDN) the way
// they read it, "pop.bücher.example"; DNS, SNI (RFC 6066 §3) and the names in certificates
// carry its ASCII form, the punycode A-labels of RFC 5891 ("pop.xn--bcher-kva.example").
// The account keeps what was typed, so settings show it; the connection and the mailbox key
// use the ASCII form. The WHATWG URL parser maps names by UTS #46, as browsers do, identically
// in Node 24 and Chromium. Pure: runs in Node and in the browser.

/** Host names the URL parser accepts, as its `http:` host processing writes them; null if refused. */
export function parseUrlHost(host: string): string | null {
  if (!/^[^\s/?#@\\%]+$/.test(host)) return null;
  try {
    const hostname = new URL(`http://${host}/`).hostname;
    // Chromium percent-encodes what Node refuses; either way it is not a host name.
    return hostname === '' || hostname.includes('%') ? null : hostname;
  } catch {
    return null;
  }
}

/**
 * The name to connect to: an ASCII name or an IP address unchanged, a name with non-ASCII
 * letters as its punycode form, or null when it cannot be one (a space, `@`, a letter UTS #46
 * forbids). An IPv6 literal loses its brackets, as `net.connect` wants it.
 */
export function asciiHostName(host: string): string | null {
  // eslint-disable-next-line no-control-regex -- "only ASCII" is what the test means
  if (/^[\x00-\x7f]*$/.test(host)) return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const parsed = parseUrlHost(host);
  if (parsed === null || parsed.startsWith('[')) return null;
  return parsed.endsWith('.') ? parsed.slice(0, -1) : parsed;
}
