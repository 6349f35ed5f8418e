// The mail frame's own style sheet, before the message's: readable defaults that a styled
// newsletter overrides. The frame stays light in a dark window, as most HTML mail assumes a
// white page, and marks links (which cannot be clicked inside the frame: it runs nothing)
// with the number they have in "Links in this message" below it.
export const FRAME_STYLE = `
html { color-scheme: light; }
body { margin: 16px 20px; font: 14px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f; overflow-wrap: anywhere; }
img { max-width: 100%; height: auto; }
table { max-width: 100%; }
pre { white-space: pre-wrap; }
blockquote { margin: 0 0 0 .8em; padding-left: .8em; border-left: 3px solid #d0d4dc; color: #555; }
a[data-poplar-link] { color: #2357c6; text-decoration: underline; cursor: default; }
a[data-poplar-link]::after { content: "\\00a0[" attr(data-poplar-link) "]"; font-size: .72em; vertical-align: super; color: #6b7280; text-decoration: none; display: inline-block; }
`;
