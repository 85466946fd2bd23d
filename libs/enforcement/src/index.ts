export * from './enforcement.module';
export * from './incremental-approach';
export * from './reports/intervention-reports.repository';
