export * from './people.module';
export * from './repeat-victim/repeat-victim';
export * from './repeat-victim/repeat-victim.repository';
