// The cases library's pure rules: no Nest, so other libraries' pure rules (and their unit tests) may import them.
export * from './case-reference';
export * from './review-due';
export * from './victim-update';
