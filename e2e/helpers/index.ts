export * from './env';
export * from './auth';
export * from './accounts';
export * from './preferences';
export * from './a11y';
export * from './images';
