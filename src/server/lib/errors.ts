import { type RefusalPhrase, refusal, renderRefusal } from '../../contract/refusal-text'

/** What an error says: a refusal phrase (rendered in the reader's language on /api), or a plain sentence. */
export type Said = string | RefusalPhrase

/**
 * Domain errors. Services throw these; the one error handler in app.ts turns them into the console body
 * on /api and the COC body on /v1 and /v3. `code` is the console code, `cocCode` the COC/IAM one. Given a
 * refusal phrase, `message` is its English rendering and the console body carries the phrase as well.
 */
export class DomainError extends Error {
  readonly phrase?: RefusalPhrase
  /** When the client may try again (sent as Retry-After); only refusals that pass with time set it. */
  readonly retryAfterSeconds?: number
  constructor(
    said: Said,
    readonly status: number,
    readonly code: string,
    readonly cocCode: string,
    /** Field problems; when a refusal lists several, each says itself by its phrase (rendered by the SPA). */
    readonly details?: { path: string; message: string; phrase?: RefusalPhrase }[],
  ) {
    super(typeof said === 'string' ? said : renderRefusal(said, 'en-US'))
    this.name = new.target.name
    if (typeof said !== 'string') this.phrase = said
  }
}

/** Bad input. COC.00040701 is what COC answers for validation failures (research/coc-sdk.md §3). */
export class ValidationError extends DomainError {
  constructor(
    message: Said,
    details?: { path: string; message: string; phrase?: RefusalPhrase }[],
    cocCode = 'COC.00040701',
  ) {
    super(message, 400, 'VALIDATION', cocCode, details)
  }
}

/** No or bad credentials. APIGW.0301 is the gateway's "incorrect IAM authentication information". */
export class UnauthenticatedError extends DomainError {
  constructor(message: Said = refusal('auth.required'), cocCode = 'APIGW.0301') {
    super(message, 401, 'UNAUTHENTICATED', cocCode)
  }
}

/** Authenticated but not allowed. APIGW.0302: "the IAM user is not authorized to access the API". */
export class ForbiddenError extends DomainError {
  constructor(message: Said = refusal('forbidden'), cocCode = 'APIGW.0302') {
    super(message, 403, 'FORBIDDEN', cocCode)
  }
}

export class NotFoundError extends DomainError {
  constructor(message: Said, cocCode = 'COC.00040404') {
    super(message, 404, 'NOT_FOUND', cocCode)
  }
}

/** Unique-name clashes and similar; COC reports these as 400 with its own code, so the status is per use. */
export class ConflictError extends DomainError {
  constructor(message: Said, cocCode = 'COC.00040601', status = 409) {
    super(message, status, 'CONFLICT', cocCode)
  }
}

/** An operation the current state does not allow (state machines). COC answers 400. */
export class InvalidTransitionError extends DomainError {
  constructor(message: Said, cocCode = 'COC.00040701') {
    super(message, 400, 'INVALID_TRANSITION', cocCode)
  }
}

export class RateLimitedError extends DomainError {
  constructor(override readonly retryAfterSeconds: number) {
    super(refusal('rate-limited', { seconds: retryAfterSeconds }), 429, 'RATE_LIMITED', 'APIGW.0308')
  }
}

/** The database cannot be reached right now (see db-unavailable.ts): 503, and the client retries. */
export class DatabaseUnavailableError extends DomainError {
  override readonly retryAfterSeconds = 2
  constructor() {
    super(refusal('database-unavailable'), 503, 'DATABASE_UNAVAILABLE', 'COC.00040701')
  }
}

/** An error of the BlueKing job API with its own ESB code (see BK_ERRORS); written in the BlueKing body. */
export class BkError extends DomainError {
  constructor(
    message: Said,
    readonly bkCode: number,
    status = 400,
  ) {
    super(message, status, `BK_${bkCode}`, 'COC.00040701')
  }
}
