/** Payloads of the daily supervisory-review reminder jobs. */
export interface ReviewRemindersDailyPayload {
  /** The day (YYYY-MM-DD, in SCHEDULE_TZ) the run counts as; today when absent. */
  day?: string;
  /** Send again to people who already had this day's e-mail. */
  force?: boolean;
}

export interface ReviewReminderUserPayload {
  userId: string;
  day: string;
  force: boolean;
}

export type ReviewReminderUserResult =
  | { status: 'sent'; ownCases: number; organisationCases: number; messageId: string }
  | { status: 'already_sent' | 'inactive' | 'nothing_due' };
