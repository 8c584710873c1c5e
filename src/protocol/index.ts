export * from './version';
export * from './records';
export * from './messages';
export * from './guards';
export * from './limits';
export * from './ports';
export * from './envelope';
