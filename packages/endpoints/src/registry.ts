import type { Endpoint } from './endpoint.js';

/** The Endpoint instance of each endpoint name, for this hook. */
export const endpoints = new Map<string, Endpoint>();
