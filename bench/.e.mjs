export * from '@reactive/flags'; export * from '@reactive/hookenv';
