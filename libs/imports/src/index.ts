export * from './imports.module';
export * from './import.jobs';
export * from './import-jobs.producer';
export * from './runner/import-runner.service';
export * from './rules/ndjson';
