// The risk library's pure rules: no Nest, so other libraries' pure rules (and their unit tests) may import them.
export * from './risk-score';
export * from './missing-risk-assessments';
export * from './service-answers';
