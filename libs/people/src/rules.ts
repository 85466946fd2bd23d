// The people library's pure rules: no Nest, so other libraries' pure rules (and their unit tests) may import them.
export * from './people/person-rules';
export * from './repeat-victim/repeat-victim';
export * from './duplicates/likely-duplicates';
export * from './duplicates/likely-duplicates.sql';
