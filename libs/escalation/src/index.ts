export * from './escalation.module';
export * from './rules/jag-criteria';
export * from './rules/jag-referral';
export * from './rules/case-review-threshold';
export * from './rules/case-review-outcome';
