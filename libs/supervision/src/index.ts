export * from './supervision.module';
export * from './reviews/reviews.repository';
export * from './rules/reviewer';
export * from './rules/review-time';
