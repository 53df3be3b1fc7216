#!/usr/bin/env node
// charms.reactive / reactive: one program under two names.
//
// Start-up is kept lean because bash handlers call this many times per hook:
// a command given only positional arguments runs without loading commander
// (see registry.ts), and no command loads more than it uses.
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2));
