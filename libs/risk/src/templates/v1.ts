import type { RiskTemplate } from '../rules/risk-score';

/**
 * Version 1 of the three templates, exactly as tabled in DOMAIN.md section 6.
 * Frozen: a change is a new version in a new file and a new migration, so
 * assessments already made keep the template they were made with.
 */
export const RISK_TEMPLATES_V1: RiskTemplate[] = [
  {
    subject: 'victim',
    version: 1,
    thresholds: { medium: 6, high: 12 },
    questions: [
      { code: 'V1', text: 'Is the victim targeted because of a protected characteristic (hate)?', weight: 3, answeredByService: false },
      { code: 'V2', text: 'Has the victim been threatened with or subjected to violence?', weight: 3, answeredByService: false },
      { code: 'V3', text: 'Does the victim have a disability, long-term illness or mental health condition?', weight: 2, answeredByService: false },
      { code: 'V4', text: 'Is the victim vulnerable because of their age (a child, or elderly)?', weight: 2, answeredByService: false },
      { code: 'V5', text: 'Is the victim a repeat victim?', weight: 2, answeredByService: true },
      { code: 'V6', text: 'Is the victim afraid to stay in or leave their home, or thinking of moving?', weight: 2, answeredByService: false },
      { code: 'V7', text: "Is the ASB affecting the victim's health, sleep or daily routine?", weight: 1, answeredByService: false },
      { code: 'V8', text: 'Does the victim live alone or lack support?', weight: 1, answeredByService: false },
      { code: 'V9', text: 'Are children in the household affected?', weight: 1, answeredByService: false },
      { code: 'V10', text: 'Is the ASB happening daily or several times a week?', weight: 1, answeredByService: false },
      { code: 'V11', text: "Has the victim's home, vehicle or property been targeted?", weight: 1, answeredByService: false },
      { code: 'V12', text: 'Does the victim feel nothing has helped so far?', weight: 1, answeredByService: false },
    ],
  },
  {
    subject: 'perpetrator',
    version: 1,
    thresholds: { medium: 5, high: 10 },
    questions: [
      { code: 'P1', text: 'Has the perpetrator used or threatened violence?', weight: 3, answeredByService: false },
      { code: 'P2', text: 'Is the perpetrator known to carry or use weapons?', weight: 3, answeredByService: false },
      { code: 'P3', text: 'Is drug use or dealing linked to the behaviour?', weight: 2, answeredByService: false },
      { code: 'P4', text: 'Is alcohol misuse linked to the behaviour?', weight: 1, answeredByService: false },
      { code: 'P5', text: 'Is a mental health condition linked to the behaviour?', weight: 1, answeredByService: false },
      { code: 'P6', text: 'Is the perpetrator under 18?', weight: 1, answeredByService: true },
      { code: 'P7', text: 'Has the perpetrator breached an earlier warning, agreement, notice or order?', weight: 2, answeredByService: false },
      { code: 'P8', text: 'Is the perpetrator linked to gangs, county lines or organised crime?', weight: 3, answeredByService: false },
      { code: 'P9', text: 'Does the perpetrator target vulnerable people?', weight: 2, answeredByService: false },
      { code: 'P10', text: 'Has the behaviour escalated in frequency or severity?', weight: 1, answeredByService: false },
    ],
  },
  {
    subject: 'case',
    version: 1,
    thresholds: { medium: 4, high: 8 },
    questions: [
      { code: 'C1', text: 'Is the ASB persistent (more than three incidents in three months)?', weight: 2, answeredByService: false },
      { code: 'C2', text: 'Are several households or the wider community affected?', weight: 2, answeredByService: false },
      { code: 'C3', text: 'Is the location a known hotspot?', weight: 1, answeredByService: false },
      { code: 'C4', text: 'Is there a risk of escalation to crime or violence?', weight: 3, answeredByService: false },
      { code: 'C5', text: 'Is any victim on the case a repeat victim or vulnerable?', weight: 2, answeredByService: true },
      { code: 'C6', text: 'Is more than one agency needed to resolve it?', weight: 1, answeredByService: false },
      { code: 'C7', text: 'Have earlier interventions failed?', weight: 2, answeredByService: false },
      { code: 'C8', text: 'Is there significant community tension?', weight: 1, answeredByService: false },
    ],
  },
];
