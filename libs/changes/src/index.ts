export * from './changes.module';
export * from './rules/change-feed';
