// Secrets, storage and the Juju version in the simulator, through charms of
// plain sh hooks calling the hook commands as any charm does.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimeline, loadCharm, parseModel, runTool, Simulation, type RunResult, type ToolContext } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { fixtureCharm } from './fixtures/charms.js';

const hook = (body: string) => ({ content: `#!/bin/sh\nset -e\n${body}\n`, mode: 0o755 });

function quiet(result: RunResult): RunResult {
  if (!result.quiesced || result.errors.length) console.log(formatTimeline(result.timeline));
  expect(result.errors).toEqual([]);
  return result;
}

/** The owner: its leader adds a secret, publishes its URI, grants it once `grant` is set, and a new password makes a new revision. */
const vault = () =>
  makeCharm({
    'metadata.yaml': 'name: vault\nprovides:\n  secrets: {interface: creds}\n',
    'config.yaml': 'options:\n  password: {type: string, default: s3cret}\n  grant: {type: boolean, default: false}\n',
    'hooks/config-changed': hook(`
[ "$(is-leader)" = True ] || exit 0
uri=$(state-get uri)
if [ -z "$uri" ]; then uri=$(secret-add --label creds password="$(config-get password)"); state-set uri="$uri"; fi
secret-set "$uri" password="$(config-get password)"
for r in $(relation-ids secrets); do
  relation-set -r "$r" --app uri="$uri"
  if [ "$(config-get grant)" = True ]; then secret-grant "$uri" -r "$r"; relation-set -r "$r" --app granted=yes; fi
done`),
    'hooks/secrets-relation-created': hook('exec hooks/config-changed'),
    'hooks/secret-remove': hook(
      'secret-remove "$JUJU_SECRET_ID" --revision "$JUJU_SECRET_REVISION"\njuju-log "removed revision $JUJU_SECRET_REVISION of $JUJU_SECRET_LABEL"',
    ),
  });

/** The consumer: reads the secret whose URI the owner publishes, and again (refreshed) on secret-changed. */
const consumer = () =>
  makeCharm({
    'metadata.yaml': 'name: app\nrequires:\n  creds: {interface: creds}\n',
    'hooks/creds-relation-changed': hook(`
uri=$(relation-get --app uri vault)
[ -n "$uri" ] || exit 0
if password=$(secret-get "$uri" password 2>err); then status-set active "read $password"; else status-set blocked "$(cat err)"; fi`),
    'hooks/secret-changed': hook('status-set active "changed to $(secret-get --refresh "$JUJU_SECRET_ID" password) (label \'$JUJU_SECRET_LABEL\')"'),
  });

async function secretsModel(juju?: string) {
  const spec = parseModel({
    ...(juju ? { juju } : {}),
    applications: { vault: { charm: vault() }, app: { charm: consumer() } },
    relations: [['app:creds', 'vault:secrets']],
  });
  return Simulation.create(spec, join(tempDir(), 'state'));
}

describe('secrets in the simulator', () => {
  it('refuses a consumer before the grant, answers it after, and sends secret-changed then secret-remove for a new revision', async () => {
    const sim = await secretsModel();
    quiet(await sim.run());
    expect(sim.status().units['app/0']).toMatchObject({ status: 'blocked', message: 'ERROR permission denied' });

    sim.setConfig('vault', { grant: true });
    quiet(await sim.run());
    expect(sim.status().units['app/0']).toMatchObject({ status: 'active', message: 'read s3cret' });

    sim.setConfig('vault', { password: 'n3w' });
    const result = quiet(await sim.run());
    expect(result.timeline.map((e) => `${e.unit} ${e.hook}`)).toEqual(['vault/0 config-changed', 'app/0 secret-changed', 'vault/0 secret-remove']);
    expect(sim.status().units['app/0']).toMatchObject({ status: 'active', message: "changed to n3w (label '')" });
    expect(sim.log('vault/0')).toContain('removed revision 1 of creds');
    const secrets = Object.values(sim.snapshot().secrets!.secrets);
    expect(secrets.map((s) => s.revisions.map((r) => r.revision))).toEqual([[2]]);
    expect(secrets.map((s) => s.grants.length)).toEqual([1]);

    sim.removeRelation('app:creds');
    expect(Object.values(sim.snapshot().secrets!.secrets).map((s) => s.grants)).toEqual([[]]);
  });

  it('keeps the secrets between runs of a saved model', async () => {
    const first = await secretsModel();
    quiet(await first.run());
    const again = Simulation.load(first.stateDir);
    again.setConfig('vault', { grant: true });
    quiet(await again.run());
    expect(again.status().units['app/0']).toMatchObject({ status: 'active', message: 'read s3cret' });
  });

  it('runs secret-rotate on the owner when the clock passes the rotation (then secret-remove: no consumer tracks the old revision)', async () => {
    const charm = makeCharm({
      'metadata.yaml': 'name: rotor\n',
      'hooks/install': hook('secret-add --rotate hourly --label key token=t0 >/dev/null'),
      'hooks/secret-rotate': hook('secret-set "$JUJU_SECRET_ID" token=t1\nstatus-set active "rotated $JUJU_SECRET_LABEL"'),
    });
    const sim = await Simulation.create(parseModel({ applications: { rotor: { charm } } }), join(tempDir(), 'state'));
    quiet(await sim.run());
    sim.advanceTime('30m');
    expect((await sim.run()).timeline).toEqual([]);
    sim.advanceTime('31m');
    expect(quiet(await sim.run()).timeline.map((e) => e.hook)).toEqual(['secret-rotate', 'secret-remove']);
    expect(sim.status().units['rotor/0']).toMatchObject({ status: 'active', message: 'rotated key' });
    expect(() => sim.advanceTime('soon')).toThrow('advance-time: "soon" is not a duration (for example 90m, 25h, 7d)');
  });
});

describe('storage in the simulator', () => {
  it('runs storage-attached before install, with storage-get answering, and attaches what storage-add asks for', async () => {
    const charm = makeCharm({
      'metadata.yaml': 'name: disk\nstorage:\n  data:\n    type: filesystem\n    multiple: {range: 1-2}\n',
      'hooks/data-storage-attached': hook(
        'touch "$(storage-get location)/attached"\njuju-log "attached $JUJU_STORAGE_ID $(storage-get kind) at $JUJU_STORAGE_LOCATION"',
      ),
      'hooks/install': hook('test -f "$(storage-get -s data/0 location)/attached"\nstatus-set active "$(storage-list | tr "\\n" " ")"'),
      'hooks/config-changed': hook('[ "$(storage-list data | wc -l)" -gt 1 ] || storage-add data=1'),
    });
    const sim = await Simulation.create(parseModel({ applications: { disk: { charm } } }), join(tempDir(), 'state'));
    const result = quiet(await sim.run());
    expect(result.timeline.map((e) => e.hook)).toEqual([
      'data-storage-attached',
      'install',
      'leader-elected',
      'config-changed',
      'start',
      'data-storage-attached',
    ]);
    const unitDir = sim.unitDir('disk/0');
    expect(sim.status().units['disk/0']).toMatchObject({ status: 'active', message: 'data/0 ' });
    expect(sim.log('disk/0')).toContain(`attached data/0 filesystem at ${join(unitDir, 'storage', 'data', '0')}`);
    expect(sim.log('disk/0')).toContain(`attached data/1 filesystem at ${join(unitDir, 'storage', 'data', '1')}`);
    expect(existsSync(join(unitDir, 'storage', 'data', '1', 'attached'))).toBe(true);
  });
});

describe('the Juju a model runs', () => {
  const probe = () =>
    makeCharm({
      'metadata.yaml': 'name: probe\n',
      'hooks/install': hook('if command -v secret-add >/dev/null; then s=secrets; else s="no secrets"; fi\nstatus-set active "$JUJU_VERSION $s"'),
    });

  it('decides JUJU_VERSION and the hook commands on PATH: 2.9 has no secret commands, 3.6 (the default) and 4.0 have them', async () => {
    for (const [juju, message] of [
      [undefined, '3.6.11 secrets'],
      ['2.9', '2.9.49 no secrets'],
      [4.0, '4.0.15 secrets'],
    ] as const) {
      const sim = await Simulation.create(
        parseModel({ ...(juju !== undefined ? { juju } : {}), applications: { probe: { charm: probe() } } }),
        join(tempDir(), 'state'),
      );
      quiet(await sim.run());
      expect(sim.status().units['probe/0'], `juju ${juju}`).toMatchObject({ status: 'active', message });
    }
  });

  it('refuses an unknown version in one line, leaving no folder', async () => {
    expect(() => parseModel({ juju: '3.5', applications: { probe: { charm: probe() } } }, { source: 'model.yaml' })).toThrow(
      /^model\.yaml: "juju": unknown Juju version "3\.5": the known ones are 2\.9, 3\.6, 4\.0$/,
    );
    const state = join(tempDir(), 'state');
    await expect(Simulation.create(parseModel({ applications: { probe: { charm: probe() } } }), state, { juju: '3.5' as '3.6' })).rejects.toThrow(
      'juju: unknown Juju version "3.5": the known ones are 2.9, 3.6, 4.0',
    );
    expect(existsSync(state)).toBe(false);
  });
});

describe('secret content stays in the secret', () => {
  it('never reaches juju-log, the trace, the flight record, the timeline or the unit state of a charm that adds a secret', async () => {
    const sim = await Simulation.create(parseModel({ applications: { keeper: { charm: fixtureCharm('keeper') } } }), join(tempDir(), 'state'));
    quiet(await sim.run());
    expect(sim.status().units['keeper/0']).toMatchObject({ status: 'active', message: 'stored a password of 19 characters' });
    expect(sim.log('keeper/0')).toContain('Invoking reactive handler: reactive/keeper.js');
    expect(Object.values(sim.snapshot().secrets!.secrets).map((s) => s.latestRevision)).toEqual([2]);
    const places = {
      'unit log (juju-log, trace, output)': sim.log('keeper/0'),
      'flight records': JSON.stringify(sim.history('keeper/0')),
      timeline: readFileSync(join(sim.stateDir, 'timeline.jsonl'), 'utf8'),
      'unit state': readFileSync(sim.unitStatePath('keeper/0')).toString('latin1'),
    };
    for (const [place, text] of Object.entries(places)) {
      expect(text, place).not.toContain('hunter2');
      expect(text, place).not.toContain('hunter3');
    }
  });
});

describe('bad input', () => {
  async function unitContext(charm: string, unit: string, opts: { storage?: string } = {}) {
    const sim = await Simulation.create(parseModel({ applications: { [unit.split('/')[0]!]: { charm } } }), join(tempDir(), 'state'));
    const view = sim.snapshot();
    const ctx: ToolContext = {
      id: 'ctx',
      view,
      unit,
      app: unit.split('/')[0]!,
      hook: 'update-status',
      charm: loadCharm(charm, 'app'),
      config: {},
      leader: true,
      metrics: [],
      log: () => undefined,
      ...opts,
    };
    return ctx;
  }

  it('answers each refusal in one line with a non-zero exit, changing nothing', async () => {
    const charm = makeCharm({ 'metadata.yaml': 'name: disk\nstorage:\n  data: {type: filesystem}\n' });
    const ctx = await unitContext(charm, 'disk/0');
    const uri = runTool(ctx, 'secret-add', ['token=t'], null).stdout.trim();
    const before = structuredClone(ctx.view);
    for (const [line, code, error] of [
      [['secret-add', 'Password=x'], 2, 'key "Password" not valid'],
      [['secret-set', uri, `blob=${'x'.repeat(1_000_001)}`], 2, 'base64 encoded secret content for key "blob" too large: 1333336 bytes'],
      [['secret-get', 'secret:d4a3b2c1d0e9f8g7h6i5'], 1, 'secret "secret:d4a3b2c1d0e9f8g7h6i5" not found'],
      [['storage-get'], 2, 'no storage instance specified'],
      [['storage-add', 'data=1'], 1, 'adding storage data for unit-disk-0: charm storage "data" cannot exceed 1 storage instances'],
      [['storage-add', 'cache=1'], 1, 'adding storage cache for unit-disk-0: charm storage "cache" not found'],
    ] as const) {
      expect(runTool(ctx, line[0], line.slice(1), null), line.join(' ').slice(0, 40)).toEqual({ code, stdout: '', stderr: `ERROR ${error}\n` });
    }
    expect(ctx.view).toEqual(before);
  });

  it('refuses a resource the charm does not declare, or a file that is not there, in one line', async () => {
    const charm = makeCharm({ 'metadata.yaml': 'name: web\nresources:\n  site: {type: file, filename: site.tar}\n' });
    for (const [resources, error] of [
      [{ logo: './logo.png' }, 'application "web": unknown resource "logo" (the charm\'s resources: site)'],
      [{ site: './nowhere.tar' }, 'application "web": resource "site": no file at '],
    ] as const) {
      const state = join(tempDir(), 'state');
      await expect(Simulation.create(parseModel({ applications: { web: { charm, resources } } }), state)).rejects.toThrow(error);
      expect(existsSync(state)).toBe(false);
    }
  });

  it('answers credential-get for a trusted application only', async () => {
    const charm = makeCharm({ 'metadata.yaml': 'name: cloudy\n' });
    for (const [trust, code] of [
      [false, 1],
      [true, 0],
    ] as const) {
      const sim = await Simulation.create(parseModel({ applications: { cloudy: { charm, trust } } }), join(tempDir(), 'state'));
      const ctx = await unitContext(charm, 'cloudy/0');
      ctx.view = sim.snapshot();
      const answer = runTool(ctx, 'credential-get', ['--format=json'], null);
      expect(answer.code, `trust: ${trust}`).toBe(code);
      if (trust) expect(JSON.parse(answer.stdout)).toMatchObject({ type: 'lxd', credential: { 'auth-type': 'interactive' } });
      else expect(answer.stderr).toBe('ERROR cannot access cloud credentials: permission denied\n');
    }
  });

  it("a command the model's Juju lacks is not found, through the socket too", async () => {
    const charm = makeCharm({ 'metadata.yaml': 'name: old\n' });
    const ctx = await unitContext(charm, 'old/0');
    ctx.view.juju = '2.9';
    expect(runTool(ctx, 'secret-ids', [], null)).toEqual({ code: 127, stdout: '', stderr: 'secret-ids: command not found\n' });
    ctx.view.juju = '4.0';
    expect(runTool(ctx, 'leader-get', [], null)).toEqual({ code: 127, stdout: '', stderr: 'leader-get: command not found\n' });
  });
});
