export * from './env';
export * from './auth';
