export const ORGANISATION_KINDS = ['police', 'local_authority', 'housing', 'youth_justice', 'health', 'fire', 'probation', 'victim_service', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * Police and local authorities may issue CPNWs and CPNs (2014 Act s.53;
 * DOMAIN.md section 9); anyone else only when designated (`canIssueCpn`).
 */
export function canIssueCpnByDefault(kind: OrganisationKind): boolean {
  return kind === 'police' || kind === 'local_authority';
}
