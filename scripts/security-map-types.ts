/** The shape of generated/security.ts, copied there verbatim so `src/` never imports `scripts/`. */

export interface SchemeInfo {
  type: 'basic' | 'bearer' | 'apiKey' | 'other';
  /** Header name, for an API key in a header. */
  header?: string;
}

export interface OperationInfo {
  operationId?: string;
  /** SFTPGo's audience: `/user/...` paths take user tokens, every other path admin tokens. */
  realm: 'admin' | 'user';
  /** Alternatives, in spec order; each lists the schemes that must all be sent. `[]`: no auth. */
  security: string[][];
  /** Set when the operation takes Basic credentials and answers a `Token`: it issues tokens. */
  issuesToken?: true;
  /** A server that replaces the document's for this operation (SFTPGo's `/healthz`). */
  server?: string;
}

export interface SecurityMap {
  schemes: Record<string, SchemeInfo>;
  operations: Record<string, OperationInfo>;
  tokenOperations: Partial<Record<'admin' | 'user', string>>;
}
