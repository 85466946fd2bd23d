// The reports library's pure rules: no Nest, so other libraries' pure rules (and their unit tests) may import them.
export * from './figures';
export * from './period-end';
