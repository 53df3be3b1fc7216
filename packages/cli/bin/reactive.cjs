// reactive (not charms.reactive) in a built charm: bin/reactive runs this
// file, so that the program is named after it (programName in src/run.ts).
require('../dist/bin.cjs');
