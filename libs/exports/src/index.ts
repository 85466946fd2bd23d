export * from './exports.module';
export * from './rules/case-export-format';
