import { UTCDate } from '@date-fns/utc';
import { addMonths, subMonths } from 'date-fns';

/**
 * DOMAIN.md section 10, the ASB Case Review (Community Trigger, the 2014 Act
 * s.104). The threshold is met when the applicant has made at least
 * `threshold` qualifying complaints (configuration CASE_REVIEW_THRESHOLD,
 * default 3). A complaint qualifies when it was made within 1 month of the
 * incident and the application is made within 6 months of the complaint.
 *
 * Our reading of the data:
 * - A complaint is an incident the applicant reported: its
 *   `reportedByPersonId` is the applicant, or the reporter is not recorded and
 *   the applicant is one of its victims (the victim is then taken to have
 *   reported it, as the Case Review information rule of the incident answer
 *   does). Incidents on every case in every organisation count, as for repeat
 *   victims: the Case Review is a partnership duty.
 * - The complaint was made at the incident's `reportedAt`; the incident
 *   happened at its `occurredAt`.
 * - "Within n months of" is forward in calendar months as PostgreSQL computes
 *   `t + interval 'n months'` in UTC (31 January + 1 month is 28 or 29
 *   February), both ends inclusive: reportedAt <= occurredAt + 1 month and
 *   appliedAt <= reportedAt + 6 months. A complaint made after the
 *   application, or before the incident, does not qualify.
 */
export const COMPLAINT_WITHIN_MONTHS = 1;
export const APPLICATION_WITHIN_MONTHS = 6;

export interface Complaint {
  incidentId: string;
  occurredAt: Date;
  reportedAt: Date;
}

export interface ThresholdResult {
  thresholdMet: boolean;
  qualifyingIncidentIds: string[];
}

/** `at` plus `months` calendar months in UTC, as PostgreSQL adds an interval of months. */
export function plusMonths(at: Date, months: number): Date {
  return new Date(addMonths(new UTCDate(at.getTime()), months).getTime());
}

export function complaintQualifies(c: Complaint, appliedAt: Date): boolean {
  const reported = c.reportedAt.getTime();
  return (
    reported >= c.occurredAt.getTime() &&
    reported <= plusMonths(c.occurredAt, COMPLAINT_WITHIN_MONTHS).getTime() &&
    reported <= appliedAt.getTime() &&
    appliedAt.getTime() <= plusMonths(c.reportedAt, APPLICATION_WITHIN_MONTHS).getTime()
  );
}

/** The qualifying complaints (oldest report first) and whether there are at least `threshold` of them. */
export function evaluateCaseReviewThreshold(complaints: Complaint[], appliedAt: Date, threshold: number): ThresholdResult {
  const qualifying = complaints
    .filter((c) => complaintQualifies(c, appliedAt))
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a.incidentId.localeCompare(b.incidentId));
  return { thresholdMet: qualifying.length >= threshold, qualifyingIncidentIds: qualifying.map((c) => c.incidentId) };
}

/**
 * A safe lower bound for the database's first cut: no complaint reported or
 * incident occurring before it can qualify for an application at `appliedAt`
 * (6 months back for the report, 1 more for the incident, and a month's
 * margin for the clamping of month ends).
 */
export function complaintSearchFrom(appliedAt: Date): Date {
  return new Date(subMonths(new UTCDate(appliedAt.getTime()), APPLICATION_WITHIN_MONTHS + COMPLAINT_WITHIN_MONTHS + 1).getTime());
}
