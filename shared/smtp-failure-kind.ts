// Why a submission failed, in kinds the outbox can act on and the window can say in plain words.
// Reply codes: RFC 5321 §4.2 (4yz transient, 5yz permanent), enhanced codes RFC 3463. Here, in
// shared/, because the SMTP client (electron/smtp/failure.ts) classifies into these kinds and the
// outbox's rules (electron/store/outbox-states.ts) act on them, and neither layer may import the other.
export type SmtpFailureKind =
  | 'unreachable' // no connection, or it was lost before DATA: nothing was sent, retry later
  | 'tls' // the certificate is not trusted, or TLS could not be set up (STARTTLS missing)
  | 'auth' // the server refused the user name or password (535)
  | 'token' // the server refused the OAuth 2 access token (XOAUTH2): expired, revoked or without the mail scope
  | 'temporary' // a 4yz reply: the server asks to try again later
  | 'recipient-rejected' // 550/553 to RCPT: these addresses will not be accepted
  | 'too-large' // 552, or over the SIZE the server announced (RFC 1870)
  | 'relay-denied' // 5.7.1 to RCPT: the server will not pass mail on for this user or network
  | 'dropped-during-data' // the connection ended after DATA began: the outcome is UNKNOWN
  | 'rejected'; // any other permanent refusal (sender, content, policy)
