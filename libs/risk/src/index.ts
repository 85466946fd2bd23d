export * from './risk.module';
export * from './assessments/risk-assessment.repository';
export * from './missing/missing-risk-assessments.repository';
export * from './rules/risk-score';
export * from './rules/missing-risk-assessments';
export * from './assessments/risk-assessment.dto';
export * from './assessments/risk-assessment.service';
export * from './templates/risk-template.repository';
