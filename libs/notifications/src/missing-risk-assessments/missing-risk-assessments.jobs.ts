/** Payloads of the weekly missing-risk-assessment jobs. */
export interface MissingRaWeeklyPayload {
  /** The Monday (YYYY-MM-DD) of the week to send for; the current week when absent. */
  weekOf?: string;
  /** Send again even where this week's e-mail was already sent. */
  force?: boolean;
}

export interface MissingRaNpaPayload {
  npaCode: string;
  weekOf: string;
  force: boolean;
}

export type MissingRaNpaResult =
  | { status: 'sent'; recipients: number; rows: number; messageId: string }
  | { status: 'already_sent' | 'no_notification_address' | 'nothing_missing' };
