import { ExternalRefAnswer, LocationAnswer, mapLocation } from '../common/common.dto';
import type { IncidentRow } from './incidents.repository';

export interface IncidentAnswer {
  id: string;
  caseId: string;
  occurredAt: string;
  reportedAt: string;
  description: string;
  reportedByPersonId: string | null;
  victimPersonIds: string[];
  location: LocationAnswer;
  externalRefs: ExternalRefAnswer[];
  createdAt: string;
}

/** Answered when an incident is recorded: who is now a repeat victim, who must be told about the Case Review. */
export interface RecordedIncidentAnswer extends IncidentAnswer {
  repeatVictims: string[];
  caseReviewInfoDue: string[];
}

export function mapIncident(row: IncidentRow, victimPersonIds: string[], externalRefs: ExternalRefAnswer[]): IncidentAnswer {
  return {
    id: row.id,
    caseId: row.case_id,
    occurredAt: row.occurred_at.toISOString(),
    reportedAt: row.reported_at.toISOString(),
    description: row.description,
    reportedByPersonId: row.reported_by_person_id,
    victimPersonIds,
    location: mapLocation(row),
    externalRefs,
    createdAt: row.created_at.toISOString(),
  };
}
