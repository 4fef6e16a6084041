/**
 * Domain errors. Services throw these; the one error handler in app.ts turns them into the console body
 * on /api and the COC body on /v1 and /v3. `code` is the console code, `cocCode` the COC/IAM one.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly cocCode: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** Bad input. COC.00040701 is what COC answers for validation failures (research/coc-sdk.md §3). */
export class ValidationError extends DomainError {
  constructor(message: string, details?: { path: string; message: string }[], cocCode = 'COC.00040701') {
    super(message, 400, 'VALIDATION', cocCode, details)
  }
}

/** No or bad credentials. APIGW.0301 is the gateway's "incorrect IAM authentication information". */
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required', cocCode = 'APIGW.0301') {
    super(message, 401, 'UNAUTHENTICATED', cocCode)
  }
}

/** Authenticated but not allowed. APIGW.0302: "the IAM user is not authorized to access the API". */
export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have permission to do this', cocCode = 'APIGW.0302') {
    super(message, 403, 'FORBIDDEN', cocCode)
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, cocCode = 'COC.00040404') {
    super(message, 404, 'NOT_FOUND', cocCode)
  }
}

/** Unique-name clashes and similar; COC reports these as 400 with its own code, so the status is per use. */
export class ConflictError extends DomainError {
  constructor(message: string, cocCode = 'COC.00040601', status = 409) {
    super(message, status, 'CONFLICT', cocCode)
  }
}

/** An operation the current state does not allow (state machines). COC answers 400. */
export class InvalidTransitionError extends DomainError {
  constructor(message: string, cocCode = 'COC.00040701') {
    super(message, 400, 'INVALID_TRANSITION', cocCode)
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} s`, 429, 'RATE_LIMITED', 'APIGW.0308')
  }
}

/** An error of the BlueKing job API with its own ESB code (see BK_ERRORS); written in the BlueKing body. */
export class BkError extends DomainError {
  constructor(
    message: string,
    readonly bkCode: number,
    status = 400,
  ) {
    super(message, status, `BK_${bkCode}`, 'COC.00040701')
  }
}
