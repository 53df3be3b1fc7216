#!/usr/bin/env node
// charms.reactive / reactive: one program under two names.
//
// Start-up is kept lean because bash handlers call this many times per hook:
// a command given only positional arguments runs without loading commander
// (see registry.ts), and no command loads more than it uses. The package's
// modules come from its one-file bundle (scripts/bundle.mjs), the file its
// package name resolves to, so a process never holds two copies of them.
const { run } = (await import(new URL('./bundle.js', import.meta.url).href)) as typeof import('./index.js');

process.exitCode = await run(process.argv.slice(2));
