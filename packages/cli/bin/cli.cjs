#!/usr/bin/env node
// charms.reactive / reactive as npm links them: a file in the repository, so
// that `npm ci` links it before the build has written dist/ (a link to
// dist/bin.cjs was made only by the next `npm ci`).
require('../dist/bin.cjs');
