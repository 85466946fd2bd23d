/** Every error code of API.md and the status it answers with. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  TIME_IN_FUTURE: 400,
  RISK_ANSWERS_INCOMPLETE: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  REVIEWER_NOT_IN_LEAD_ORGANISATION: 403,
  ISSUER_NOT_AUTHORISED: 403,
  FPN_NOT_BY_POLICE: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  JAG_REFERRAL_ALREADY_OPEN: 409,
  DUPLICATE_EXTERNAL_REF: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RISK_LEVEL_BELOW_COMPUTED: 422,
  PERSON_NOT_ON_CASE: 422,
  REVIEWER_IS_OFFICER_IN_CHARGE: 422,
  CASE_CLOSED: 422,
  INCREMENTAL_APPROACH_JUSTIFICATION_REQUIRED: 422,
  CPN_REQUIRES_WARNING: 422,
  CPN_WARNING_PERIOD_NOT_ELAPSED: 422,
  CPN_RECIPIENT_UNDER_16: 422,
  DATE_OF_BIRTH_REQUIRED: 422,
  CPN_NOT_APPROVED: 422,
  APPROVER_IS_PROPOSER: 422,
  BREACH_REQUIRED: 422,
  AMOUNT_OVER_LIMIT: 422,
  JAG_CRITERION_NOT_MET: 422,
  JAG_ACTIONS_OUTSTANDING: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

/** What domain code throws; the one exception filter turns it into the error shape of API.md. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** Seconds to wait before trying again, sent as the answer's Retry-After header (429, 503). */
  retryAfterSeconds?: number;

  retryAfter(seconds: number): this {
    this.retryAfterSeconds = seconds;
    return this;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(what = 'Record'): DomainError {
    return new DomainError('NOT_FOUND', `${what} not found`);
  }

  static forbidden(message = 'You may not do this'): DomainError {
    return new DomainError('FORBIDDEN', message);
  }

  static validation(details: ErrorDetail[], message = 'The request is not valid'): DomainError {
    return new DomainError('VALIDATION_FAILED', message, details);
  }
}
