import { Foundation1763900000000 } from './1763900000000-foundation';
import { AuditCaseIndex1763900000050 } from './1763900000050-audit-case-index';
import { RiskAssessments1763900000100 } from './1763900000100-risk-assessments';
import { MissingRaDeliveries1763900000200 } from './1763900000200-missing-ra-deliveries';
import { Supervision1763900000300 } from './1763900000300-supervision';
import { ReportIndexes1763900000400 } from './1763900000400-report-indexes';
import { ReviewReminders1763900000500 } from './1763900000500-review-reminders';
import { Interventions1763900000600 } from './1763900000600-interventions';
import { Escalation1763900000700 } from './1763900000700-escalation';
import { Integration1763900000800 } from './1763900000800-integration';
import { DuplicatesAndHotspots1763900000900 } from './1763900000900-duplicates-and-hotspots';
import { ChangeFeed1763900001000 } from './1763900001000-change-feed';
import { SearchAndListIndexes1763900001200 } from './1763900001200-search-and-list-indexes';
import { Imports1763900001300 } from './1763900001300-imports';
import { ComplianceTallies1763900001400 } from './1763900001400-compliance-tallies';
import { SignInProtection1763900001500 } from './1763900001500-sign-in-protection';

/** Every migration, in order. Listed here so the api, the CLI and the tests load the same set. */
export const MIGRATIONS = [
  Foundation1763900000000,
  AuditCaseIndex1763900000050,
  RiskAssessments1763900000100,
  MissingRaDeliveries1763900000200,
  Supervision1763900000300,
  ReportIndexes1763900000400,
  ReviewReminders1763900000500,
  Interventions1763900000600,
  Escalation1763900000700,
  Integration1763900000800,
  DuplicatesAndHotspots1763900000900,
  ChangeFeed1763900001000,
  SearchAndListIndexes1763900001200,
  Imports1763900001300,
  ComplianceTallies1763900001400,
  SignInProtection1763900001500,
];
