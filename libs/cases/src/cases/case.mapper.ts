import type { RepeatVictimStatus } from '@asb/people';
import { ExternalRefAnswer, LocationAnswer, mapLocation } from '../common/common.dto';
import type { PartyRow } from '../parties/parties.repository';
import type { MissingRiskAssessment } from '@asb/risk';
import { isReviewOverdue } from '../rules/review-due';
import { isVictimUpdateOverdue } from '../rules/victim-update';
import type { CaseRow } from './cases.repository';

export interface VictimEntry {
  personId: string;
  displayName: string;
  repeatVictim: RepeatVictimStatus;
  updateFrequencyDays: number;
  updateMethod: string | null;
  updatesDeclined: boolean;
  lastUpdateAt: string | null;
  updateOverdue: boolean;
}

export interface PartyEntry {
  personId: string;
  displayName: string;
}

export interface CaseSummary {
  id: string;
  reference: string;
  status: 'open' | 'closed';
  title: string;
  category: string;
  type: string;
  npaCode: string;
  cspCode: string;
  leadOrganisationId: string;
  officerInChargeId: string | null;
  openedAt: string;
  closedAt: string | null;
  reviewDueAt: string;
  reviewOverdue: boolean;
}

export interface CaseAnswer extends CaseSummary {
  description: string | null;
  /** Set while the case is closed. */
  closeOutcome: string | null;
  /** The last time the case was reopened, if ever. */
  reopenedAt: string | null;
  aggravatingFactors: string[];
  location: LocationAnswer;
  riskLevel: 'standard' | 'medium' | 'high' | null;
  missingRiskAssessments: MissingRiskAssessment[];
  victims: VictimEntry[];
  perpetrators: PartyEntry[];
  witnesses: PartyEntry[];
  sharedWith: string[];
  externalRefs: ExternalRefAnswer[];
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function mapCaseSummary(row: CaseRow, now: Date): CaseSummary {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    title: row.title,
    category: row.category,
    type: row.type,
    npaCode: row.npa_code,
    cspCode: row.csp_code,
    leadOrganisationId: row.lead_organisation_id,
    officerInChargeId: row.officer_in_charge_id,
    openedAt: row.opened_at.toISOString(),
    closedAt: iso(row.closed_at),
    reviewDueAt: row.review_due_at.toISOString(),
    reviewOverdue: isReviewOverdue(row.status, row.review_due_at, now),
  };
}

export function mapVictim(
  party: PartyRow,
  caseStatus: CaseRow['status'],
  repeat: RepeatVictimStatus | undefined,
  defaultFrequencyDays: number,
  now: Date,
): VictimEntry {
  const frequencyDays = party.update_frequency_days ?? defaultFrequencyDays;
  const lastUpdateAt = party.last_update_at;
  return {
    personId: party.person_id,
    displayName: party.display_name,
    repeatVictim: repeat ?? { isRepeat: false, incidentsLast12Months: 0 },
    updateFrequencyDays: frequencyDays,
    updateMethod: party.update_method,
    updatesDeclined: party.updates_declined,
    lastUpdateAt: iso(lastUpdateAt),
    updateOverdue: isVictimUpdateOverdue(
      { caseStatus, updatesDeclined: party.updates_declined, lastUpdateAt, addedAt: party.added_at, frequencyDays },
      now,
    ),
  };
}

export function mapParty(party: PartyRow): PartyEntry {
  return { personId: party.person_id, displayName: party.display_name };
}

export interface CaseParts {
  parties: PartyRow[];
  repeat: Map<string, RepeatVictimStatus>;
  sharedWith: string[];
  externalRefs: ExternalRefAnswer[];
  missingRiskAssessments: MissingRiskAssessment[];
  riskLevel: CaseAnswer['riskLevel'];
  defaultFrequencyDays: number;
}

export function mapCase(row: CaseRow, parts: CaseParts, now: Date): CaseAnswer {
  const { id, reference, status, title, category, type, npaCode, cspCode, leadOrganisationId, officerInChargeId, openedAt, closedAt, reviewDueAt, reviewOverdue } =
    mapCaseSummary(row, now);
  const byRole = (role: PartyRow['role']) => parts.parties.filter((p) => p.role === role);
  return {
    id,
    reference,
    status,
    title,
    description: row.description,
    category,
    type,
    aggravatingFactors: row.aggravating_factors,
    location: mapLocation(row),
    npaCode,
    cspCode,
    leadOrganisationId,
    officerInChargeId,
    openedAt,
    closedAt,
    closeOutcome: row.close_outcome,
    reopenedAt: iso(row.reopened_at),
    reviewDueAt,
    reviewOverdue,
    riskLevel: parts.riskLevel,
    missingRiskAssessments: parts.missingRiskAssessments,
    victims: byRole('victim').map((v) => mapVictim(v, row.status, parts.repeat.get(v.person_id), parts.defaultFrequencyDays, now)),
    perpetrators: byRole('perpetrator').map(mapParty),
    witnesses: byRole('witness').map(mapParty),
    sharedWith: parts.sharedWith,
    externalRefs: parts.externalRefs,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
