// The WHATWG URL class, a global in Node 24 and in the browser alike. shared/ is checked with the
// ECMAScript library only (it runs in both), so it declares the part of URL it uses.
declare class URL {
  constructor(url: string, base?: string);
  readonly hostname: string;
}
