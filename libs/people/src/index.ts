export * from './people.module';
export * from './repeat-victim/repeat-victim';
export * from './repeat-victim/repeat-victim.repository';
export * from './people/person-rules';
export * from './people/person.mapper';
export * from './people/people.repository';
export * from './people/people.service';
export * from './people/person.dto';
