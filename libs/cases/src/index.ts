export * from './cases.module';
export * from './cases/case.enums';
export * from './cases/case.mapper';
export * from './cases/cases.repository';
export * from './cases/cases.service';
export * from './parties/parties.repository';
export * from './rules/review-due';
export * from './rules/victim-update';
