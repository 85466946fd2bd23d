/** DOMAIN.md section 4: `ASB-YYYY-NNNNNN`, the year the case was opened (UTC) and a sequence per year. */
export function caseReferenceYear(openedAt: Date): number {
  return openedAt.getUTCFullYear();
}

export function formatCaseReference(year: number, sequence: number): string {
  return `ASB-${year}-${String(sequence).padStart(6, '0')}`;
}
