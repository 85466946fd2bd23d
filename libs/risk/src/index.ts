export * from './risk.module';
export * from './assessments/risk-assessment.repository';
export * from './missing/missing-risk-assessments.repository';
export * from './rules/risk-score';
export * from './rules/missing-risk-assessments';
