import type { ErrorDetail } from '@asb/core/errors/domain-error';
import type { ExternalRef } from '@asb/core/external-refs/external-ref';

type Subject = 'case' | 'victim' | 'perpetrator';

/**
 * A bundle's own consistency, before anything is looked up (API.md "Jobs,
 * integration, audit"): an assessment of a victim or a perpetrator names its
 * person by `personExternalRef`; a case assessment names none. Pure.
 */
export function bundleProblems(bundle: { riskAssessments?: { subject: Subject; personExternalRef?: ExternalRef }[] }): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  (bundle.riskAssessments ?? []).forEach((a, i) => {
    const field = `riskAssessments.${i}.personExternalRef`;
    if (a.subject === 'case' && a.personExternalRef) problems.push({ field, message: 'a case assessment names no person' });
    if (a.subject !== 'case' && !a.personExternalRef) problems.push({ field, message: `a ${a.subject} assessment names its ${a.subject} by personExternalRef` });
  });
  return problems;
}

/**
 * A domain error raised while writing one record of the bundle, restated for
 * the import report: the message and every detail's field say which record
 * (`people.1.person`, `incidents.0`), so a partner can find it in the line.
 */
export function atRecord(path: string, message: string, details: ErrorDetail[] | undefined): { message: string; details: ErrorDetail[] | undefined } {
  return {
    message: `${path}: ${message}`,
    details: details?.map((d) => ({ ...d, field: d.field ? `${path}.${d.field}` : path })),
  };
}
