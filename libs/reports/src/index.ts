export * from './reports.module';
export * from './scope/report-scope';
export * from './rules/figures';
export * from './compliance/tallies/compliance-tallies.jobs';
