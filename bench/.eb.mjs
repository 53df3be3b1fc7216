// packages/hookenv/dist/context.js
import { basename } from "node:path";
function charmDir() {
  return process.env.JUJU_CHARM_DIR || process.env.CHARM_DIR || process.cwd();
}
function hookName() {
  const env = process.env;
  if (env.JUJU_HOOK_NAME !== void 0)
    return env.JUJU_HOOK_NAME;
  if (env.JUJU_DISPATCH_PATH)
    return basename(env.JUJU_DISPATCH_PATH);
  return basename(process.argv[1] ?? "");
}
function localUnit() {
  const unit = process.env.JUJU_UNIT_NAME;
  if (!unit)
    throw new Error("JUJU_UNIT_NAME is not set: not running in a Juju hook context");
  return unit;
}
function applicationName() {
  return unitApplication(localUnit());
}
function unitApplication(unit) {
  const slash = unit.indexOf("/");
  return slash === -1 ? unit : unit.slice(0, slash);
}
function remoteUnit() {
  return process.env.JUJU_REMOTE_UNIT || void 0;
}
function remoteApplication() {
  const app = process.env.JUJU_REMOTE_APP;
  if (app)
    return app;
  const unit = remoteUnit();
  return unit ? unitApplication(unit) : void 0;
}
function relationType() {
  return process.env.JUJU_RELATION || void 0;
}
function relationId() {
  return process.env.JUJU_RELATION_ID || void 0;
}
function actionName() {
  return process.env.JUJU_ACTION_NAME || void 0;
}
function inRelationHook() {
  return relationType() !== void 0;
}

// packages/hookenv/dist/hook-tools.js
var HookToolError = class extends Error {
  tool;
  args;
  exitCode;
  stderr;
  constructor(tool, args, exitCode, stderr, why) {
    const command = [tool, ...args].join(" ");
    const detail = why ?? `exited ${exitCode}${stderr.trim() ? `: ${stderr.trim()}` : ""}`;
    super(`${command}: ${detail}`);
    this.name = "HookToolError";
    this.tool = tool;
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
};
function keyValueArgs(values) {
  return Object.entries(values).map(([key, value]) => `${key}=${value ?? ""}`);
}
function flattenKeys(values, prefix = "") {
  const flat = {};
  for (const [key, value] of Object.entries(values)) {
    const name = prefix + key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      Object.assign(flat, flattenKeys(value, `${name}.`));
    } else {
      flat[name] = value;
    }
  }
  return flat;
}

// packages/hookenv/dist/tool-runner.js
import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
var ProcessToolRunner = class {
  run(tool, args, input) {
    return new Promise((resolve) => {
      const child = spawn(tool, args, { stdio: [input === void 0 ? "ignore" : "pipe", "pipe", "pipe"] });
      const stdout = [];
      const stderr = [];
      let startError;
      child.stdout.on("data", (chunk) => stdout.push(chunk));
      child.stderr.on("data", (chunk) => stderr.push(chunk));
      child.on("error", (error) => {
        startError = error.code === "ENOENT" ? "not found on PATH (is this running in a Juju hook?)" : error.message;
      });
      child.on("close", (code, signal) => {
        resolve({
          code: startError ? null : code ?? (signal ? 128 : null),
          stdout: Buffer.concat(stdout).toString("utf8"),
          stderr: Buffer.concat(stderr).toString("utf8") || (signal ? `killed by ${signal}` : ""),
          ...startError ? { startError } : {}
        });
      });
      if (input !== void 0)
        child.stdin?.end(input);
    });
  }
  runSync(tool, args) {
    const child = spawnSync(tool, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    if (child.error) {
      const code = child.error.code;
      return { code: null, stdout: "", stderr: "", startError: code === "ENOENT" ? "not found on PATH (is this running in a Juju hook?)" : child.error.message };
    }
    return { code: child.status, stdout: child.stdout, stderr: child.stderr };
  }
};
var SocketToolRunner = class {
  socketPath;
  context;
  fallback = new ProcessToolRunner();
  constructor(socketPath, context) {
    this.socketPath = socketPath;
    this.context = context;
  }
  run(tool, args, input) {
    return new Promise((resolve) => {
      const socket = connect(this.socketPath);
      const chunks = [];
      socket.on("data", (chunk) => chunks.push(chunk));
      socket.on("error", (error) => resolve({ code: null, stdout: "", stderr: "", startError: `cannot reach the unit agent at ${this.socketPath}: ${error.message}` }));
      socket.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch {
          resolve({ code: null, stdout: "", stderr: "", startError: "the unit agent sent an answer that is not JSON" });
        }
      });
      socket.end(`${JSON.stringify({ context: this.context, tool, args, stdin: input ?? null })}
`);
    });
  }
  runSync(tool, args) {
    return this.fallback.runSync(tool, args);
  }
};
function defaultToolRunner() {
  const socket = process.env.REACTIVE_AGENT_SOCKET;
  return socket ? new SocketToolRunner(socket, process.env.JUJU_CONTEXT_ID ?? "") : new ProcessToolRunner();
}

// packages/hookenv/dist/process-hook-tools.js
var ProcessHookTools = class {
  runner;
  /** `runner` defaults to processes, or the simulator's socket when REACTIVE_AGENT_SOCKET is set. */
  constructor(runner = defaultToolRunner()) {
    this.runner = runner;
  }
  async configGet() {
    return await this.json("config-get", ["--all", "--format=json"]) ?? {};
  }
  async relationIds(endpoint) {
    return await this.json("relation-ids", ["--format=json", endpoint]) ?? [];
  }
  async relationList(relationId2) {
    return await this.json("relation-list", ["--format=json", "-r", relationId2]) ?? [];
  }
  relationListSync(relationId2) {
    const args = ["--format=json", "-r", relationId2];
    const result = this.runner.runSync("relation-list", args);
    if (result.code !== 0)
      throw this.failure("relation-list", args, result);
    return parseJSON("relation-list", args, result.stdout) ?? [];
  }
  async relationRemoteApp(relationId2) {
    return await this.json("relation-list", ["--format=json", "-r", relationId2, "--app"]) || null;
  }
  async relationGet(opts) {
    const args = relationGetArgs(opts);
    return this.relationGetResult(args, await this.runner.run("relation-get", args));
  }
  relationGetSync(opts) {
    const args = relationGetArgs(opts);
    return this.relationGetResult(args, this.runner.runSync("relation-get", args));
  }
  relationGetResult(args, result) {
    if (result.startError)
      throw this.failure("relation-get", args, result);
    if (result.code === 2)
      return null;
    if (result.code !== 0)
      throw this.failure("relation-get", args, result);
    return parseJSONOrNull(result.stdout);
  }
  async relationSet(opts, settings) {
    const args = ["-r", opts.relationId];
    if (opts.app)
      args.push("--app");
    args.push("--file", "-");
    await this.call("relation-set", args, JSON.stringify(settings));
  }
  async statusSet(state, message = "", opts = {}) {
    await this.call("status-set", [...opts.application ? ["--application"] : [], state, message]);
  }
  async statusGet(opts = {}) {
    const args = ["--format=json", "--include-data", ...opts.application ? ["--application"] : []];
    const raw = await this.json("status-get", args) ?? {};
    const app = raw["application-status"];
    return parseStatus(opts.application && app && typeof app === "object" ? app : raw);
  }
  async jujuLog(message, level = "INFO") {
    await this.call("juju-log", ["-l", level, ...message.startsWith("-") ? ["--"] : [], message]);
  }
  async isLeader() {
    return await this.json("is-leader", ["--format=json"]) === true;
  }
  async leaderGet(key) {
    return this.json("leader-get", ["--format=json", key ?? "-"]);
  }
  async leaderSet(settings) {
    await this.call("leader-set", keyValueArgs(settings));
  }
  async applicationVersionSet(version) {
    await this.call("application-version-set", [version]);
  }
  async openPort(port) {
    await this.call("open-port", [port]);
  }
  async closePort(port) {
    await this.call("close-port", [port]);
  }
  async openedPorts() {
    return await this.json("opened-ports", ["--format=json"]) ?? [];
  }
  async actionGet(key) {
    return this.json("action-get", ["--format=json", ...key === void 0 ? [] : [key]]);
  }
  async actionSet(values) {
    await this.call("action-set", keyValueArgs(flattenKeys(values)));
  }
  async actionFail(message) {
    await this.call("action-fail", message === void 0 ? [] : [message]);
  }
  async actionLog(message) {
    await this.call("action-log", [message]);
  }
  async unitGet(attribute) {
    return String(await this.json("unit-get", ["--format=json", attribute]) ?? "");
  }
  async networkGet(binding) {
    return await this.json("network-get", ["--format=json", binding]) ?? {};
  }
  async goalState() {
    return await this.json("goal-state", ["--format=json"]) ?? {};
  }
  async addMetric(metrics) {
    await this.call("add-metric", keyValueArgs(metrics));
  }
  /** Runs a tool that prints JSON and returns the parsed value. */
  async json(tool, args) {
    return parseJSON(tool, args, await this.call(tool, args));
  }
  /** Runs a tool and returns its stdout; a non-zero exit is an error. */
  async call(tool, args, input) {
    const result = await this.runner.run(tool, args, input);
    if (result.code !== 0)
      throw this.failure(tool, args, result);
    return result.stdout;
  }
  failure(tool, args, result) {
    return new HookToolError(tool, args, result.code, result.stderr, result.startError);
  }
};
function parseJSON(tool, args, stdout) {
  if (stdout.trim() === "")
    return null;
  try {
    return JSON.parse(stdout);
  } catch {
    throw new HookToolError(tool, args, 0, "", `printed output that is not JSON: ${preview(stdout)}`);
  }
}
function relationGetArgs(opts) {
  const args = ["--format=json", "-r", opts.relationId];
  if (opts.app)
    args.push("--app");
  args.push(opts.key ?? "-");
  if (opts.unit)
    args.push(opts.unit);
  return args;
}
function parseJSONOrNull(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
function parseStatus(raw) {
  const status = {
    status: String(raw.status ?? raw["status-code"] ?? ""),
    message: String(raw.message ?? "")
  };
  const data = raw["status-data"];
  if (data && typeof data === "object")
    status.statusData = data;
  return status;
}
function preview(text) {
  const line = text.trim().split("\n")[0] ?? "";
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}\u2026` : line);
}

// packages/hookenv/dist/memory-hook-tools.js
var MemoryHookTools = class {
  unit;
  config;
  leader;
  leaderSettings = {};
  relations = /* @__PURE__ */ new Map();
  status = { status: "unknown", message: "" };
  applicationStatus = { status: "unknown", message: "" };
  logs = [];
  ports = /* @__PURE__ */ new Set();
  applicationVersion = "";
  actionParams = {};
  actionResults = {};
  actionFailure;
  actionLogs = [];
  metrics = [];
  addresses = { "private-address": "10.0.0.1", "public-address": "10.0.0.1" };
  calls = [];
  nextRelationNumber = 0;
  constructor(opts = {}) {
    this.unit = opts.unit ?? "app/0";
    this.config = { ...opts.config };
    this.leader = opts.leader ?? false;
  }
  get application() {
    return unitApplication(this.unit);
  }
  /** Adds a relation on `endpoint` to `remoteApp`, with remote units already joined. */
  addRelation(endpoint, remoteApp, init = {}) {
    const id = `${endpoint}:${this.nextRelationNumber++}`;
    this.relations.set(id, {
      id,
      endpoint,
      remoteApp,
      units: structuredClone(init.units ?? {}),
      remoteAppData: { ...init.appData },
      localUnitData: {},
      localAppData: {}
    });
    return id;
  }
  /** The relation with this id; throws when there is none. */
  relation(relationId2) {
    const relation = this.relations.get(relationId2);
    if (!relation)
      throw new HookToolError("relation", ["-r", relationId2], 2, `invalid relation id "${relationId2}"`);
    return relation;
  }
  removeRelation(relationId2) {
    this.relations.delete(relationId2);
  }
  async configGet() {
    this.record("config-get", ["--all", "--format=json"]);
    return structuredClone(this.config);
  }
  async relationIds(endpoint) {
    this.record("relation-ids", ["--format=json", endpoint]);
    return [...this.relations.values()].filter((r) => r.endpoint === endpoint).map((r) => r.id);
  }
  async relationList(relationId2) {
    return this.relationListSync(relationId2);
  }
  relationListSync(relationId2) {
    this.record("relation-list", ["--format=json", "-r", relationId2]);
    return Object.keys(this.relation(relationId2).units);
  }
  async relationRemoteApp(relationId2) {
    this.record("relation-list", ["--format=json", "-r", relationId2, "--app"]);
    return this.relation(relationId2).remoteApp;
  }
  async relationGet(opts) {
    return this.relationGetSync(opts);
  }
  relationGetSync(opts) {
    const args = ["--format=json", "-r", opts.relationId, ...opts.app ? ["--app"] : [], opts.key ?? "-"];
    if (opts.unit)
      args.push(opts.unit);
    this.record("relation-get", args);
    const bag = this.readableBag(opts);
    if (!bag)
      return null;
    if (opts.key === void 0)
      return { ...bag };
    return bag[opts.key] ?? null;
  }
  async relationSet(opts, settings) {
    const args = ["-r", opts.relationId, ...opts.app ? ["--app"] : [], "--file", "-"];
    this.record("relation-set", args);
    const relation = this.relations.get(opts.relationId);
    if (!relation)
      throw new HookToolError("relation-set", args, 1, `invalid relation id "${opts.relationId}"`);
    if (opts.app && !this.leader) {
      throw new HookToolError("relation-set", args, 1, "cannot write relation settings: unit is not the leader");
    }
    applySettings(opts.app ? relation.localAppData : relation.localUnitData, settings);
  }
  async statusSet(state, message = "", opts = {}) {
    const args = [...opts.application ? ["--application"] : [], state, message];
    this.record("status-set", args);
    if (opts.application) {
      if (!this.leader)
        throw new HookToolError("status-set", args, 1, "this unit is not the leader");
      this.applicationStatus = { status: state, message };
    } else {
      this.status = { status: state, message };
    }
  }
  async statusGet(opts = {}) {
    this.record("status-get", ["--format=json", "--include-data", ...opts.application ? ["--application"] : []]);
    return { ...opts.application ? this.applicationStatus : this.status };
  }
  async jujuLog(message, level = "INFO") {
    this.record("juju-log", ["-l", level, message]);
    this.logs.push({ level, message });
  }
  async isLeader() {
    this.record("is-leader", ["--format=json"]);
    return this.leader;
  }
  async leaderGet(key) {
    this.record("leader-get", ["--format=json", key ?? "-"]);
    return key === void 0 ? { ...this.leaderSettings } : this.leaderSettings[key] ?? null;
  }
  async leaderSet(settings) {
    const args = Object.entries(settings).map(([k, v]) => `${k}=${v ?? ""}`);
    this.record("leader-set", args);
    if (!this.leader)
      throw new HookToolError("leader-set", args, 1, "cannot write leadership settings: not the leader");
    applySettings(this.leaderSettings, settings);
  }
  async applicationVersionSet(version) {
    this.record("application-version-set", [version]);
    this.applicationVersion = version;
  }
  async openPort(port) {
    this.record("open-port", [port]);
    this.ports.add(port);
  }
  async closePort(port) {
    this.record("close-port", [port]);
    this.ports.delete(port);
  }
  async openedPorts() {
    this.record("opened-ports", ["--format=json"]);
    return [...this.ports].sort();
  }
  async actionGet(key) {
    this.record("action-get", ["--format=json", ...key === void 0 ? [] : [key]]);
    if (key === void 0)
      return structuredClone(this.actionParams);
    return key.split(".").reduce((value, part) => value?.[part], this.actionParams) ?? null;
  }
  async actionSet(values) {
    const flat = flattenKeys(values);
    this.record("action-set", Object.entries(flat).map(([k, v]) => `${k}=${v}`));
    Object.assign(this.actionResults, flat);
  }
  async actionFail(message) {
    this.record("action-fail", message === void 0 ? [] : [message]);
    this.actionFailure = message ?? "";
  }
  async actionLog(message) {
    this.record("action-log", [message]);
    this.actionLogs.push(message);
  }
  async unitGet(attribute) {
    this.record("unit-get", ["--format=json", attribute]);
    return this.addresses[attribute];
  }
  async networkGet(binding) {
    this.record("network-get", ["--format=json", binding]);
    const address = this.addresses["private-address"];
    return {
      "bind-addresses": [{ "interface-name": "eth0", addresses: [{ address, cidr: `${address}/24` }] }],
      "ingress-addresses": [address],
      "egress-subnets": [`${address}/32`]
    };
  }
  async goalState() {
    this.record("goal-state", ["--format=json"]);
    const relations = {};
    for (const relation of this.relations.values()) {
      const entry = relations[relation.endpoint] ??= {};
      entry[relation.remoteApp] = { status: "joined" };
      for (const unit of Object.keys(relation.units))
        entry[unit] = { status: "active" };
    }
    return { units: { [this.unit]: { status: "active" } }, relations };
  }
  async addMetric(metrics) {
    this.record("add-metric", Object.entries(metrics).map(([k, v]) => `${k}=${v}`));
    this.metrics.push({ ...metrics });
  }
  /** How many times each tool was called, e.g. `{ 'relation-get': 3 }`. */
  callCounts() {
    const counts = {};
    for (const call of this.calls)
      counts[call.tool] = (counts[call.tool] ?? 0) + 1;
    return counts;
  }
  readableBag(opts) {
    const relation = this.relations.get(opts.relationId);
    if (!relation)
      return null;
    const target = opts.unit ?? process.env.JUJU_REMOTE_UNIT ?? "";
    if (opts.app) {
      if (target === this.application)
        return this.leader ? relation.localAppData : null;
      return target === relation.remoteApp ? relation.remoteAppData : null;
    }
    if (target === this.unit)
      return relation.localUnitData;
    return relation.units[target] ?? null;
  }
  record(tool, args) {
    this.calls.push({ tool, args });
  }
};
function applySettings(bag, settings) {
  for (const [key, value] of Object.entries(settings)) {
    if (value === null || value === "")
      delete bag[key];
    else
      Object.defineProperty(bag, key, { value: String(value), enumerable: true, writable: true, configurable: true });
  }
}

// packages/hookenv/dist/hook-api.js
var tools;
var cache = /* @__PURE__ */ new Map();
var settled = /* @__PURE__ */ new Map();
function hookTools() {
  tools ??= new ProcessHookTools();
  return tools;
}
function setHookTools(next) {
  tools = next;
  clearHookCache();
}
function clearHookCache() {
  cache.clear();
  settled.clear();
}
function cached(key, query) {
  let hit = cache.get(key);
  if (!hit) {
    hit = query();
    cache.set(key, hit);
    hit.then((value) => cache.get(key) === hit && settled.set(key, value), () => cache.delete(key));
  }
  return hit;
}
function relationGetKey(opts) {
  return `get\0${opts.relationId}\0${opts.app ? "app" : "unit"}\0${opts.unit ?? ""}\0${opts.key ?? ""}`;
}
function log(message, level = "INFO") {
  return hookTools().jujuLog(message, level);
}
function statusSet(state, message = "", opts = {}) {
  return hookTools().statusSet(state, message, opts);
}
function statusGet(opts = {}) {
  return hookTools().statusGet(opts);
}
function isLeader() {
  return hookTools().isLeader();
}
function leaderGet(key) {
  return hookTools().leaderGet(key);
}
function leaderSet(settings) {
  return hookTools().leaderSet(settings);
}
function relationIds(endpoint) {
  return cached(`ids\0${endpoint}`, () => hookTools().relationIds(endpoint));
}
function relatedUnits(relationId2) {
  return cached(`list\0${relationId2}`, () => hookTools().relationList(relationId2));
}
function relatedUnitsNow(relationId2) {
  const key = `list\0${relationId2}`;
  if (settled.has(key))
    return settled.get(key);
  const units = hookTools().relationListSync(relationId2);
  settled.set(key, units);
  cache.set(key, Promise.resolve(units));
  return units;
}
function relationRemoteApp(relationId2) {
  return cached(`app\0${relationId2}`, () => hookTools().relationRemoteApp(relationId2));
}
function relationGet(opts) {
  return cached(relationGetKey(opts), () => hookTools().relationGet(opts));
}
function relationGetNow(opts) {
  const key = relationGetKey(opts);
  if (settled.has(key))
    return settled.get(key);
  const value = hookTools().relationGetSync(opts);
  settled.set(key, value);
  cache.set(key, Promise.resolve(value));
  return value;
}
async function relationSet(opts, data) {
  await hookTools().relationSet(opts, data);
  const self = opts.app ? unitApplication(localUnit()) : localUnit();
  const stale = `get\0${opts.relationId}\0${opts.app ? "app" : "unit"}\0${self}\0`;
  for (const key of cache.keys()) {
    if (key.startsWith(stale)) {
      cache.delete(key);
      settled.delete(key);
    }
  }
}

// packages/hookenv/dist/callbacks.js
var starting = [];
var exiting = [];
function atStart(fn, opts = {}) {
  starting.push({ fn, everyHook: opts.everyHook === true });
}
function atExit(fn, opts = {}) {
  exiting.push({ fn, everyHook: opts.everyHook === true });
}
async function runAtStart() {
  for (let i = 0; i < starting.length; i++) {
    const entry = starting[i];
    if (!entry.everyHook)
      starting.splice(i--, 1);
    await entry.fn();
  }
}
async function runAtExit() {
  const done = /* @__PURE__ */ new Set();
  for (let next = newestNotDone(done); next; next = newestNotDone(done)) {
    done.add(next);
    if (!next.everyHook)
      exiting.splice(exiting.indexOf(next), 1);
    await next.fn();
  }
}
function newestNotDone(done) {
  for (let i = exiting.length - 1; i >= 0; i--)
    if (!done.has(exiting[i]))
      return exiting[i];
  return void 0;
}
function clearCallbacks() {
  for (const list of [starting, exiting]) {
    for (let i = list.length - 1; i >= 0; i--)
      if (!list[i].everyHook)
        list.splice(i, 1);
  }
}

// packages/hookenv/dist/unit-state.js
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// packages/hookenv/dist/json-value.js
function toJSONText(value, what) {
  if (value === null)
    return "null";
  const problem = findNonJSON(value, "", /* @__PURE__ */ new Set());
  if (problem)
    throw new TypeError(`${what}: ${problem}, which JSON cannot hold`);
  return JSON.stringify(value);
}
function findNonJSON(value, path, seen) {
  switch (typeof value) {
    case "string":
    case "boolean":
      return void 0;
    case "number":
      return Number.isFinite(value) ? void 0 : `${at(path)}is ${value}`;
    case "object":
      if (value === null)
        return void 0;
      return findInObject(value, path, seen);
    default:
      return `${at(path)}is ${describe(value)}`;
  }
}
function findInObject(value, path, seen) {
  if (seen.has(value))
    return `${at(path)}is a circular reference`;
  const proto = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    return `${at(path)}is a ${proto?.constructor?.name ?? "non-plain object"}`;
  }
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    const problem = findNonJSON(item, isArray ? `${path}[${key}]` : `${path}.${key}`, seen);
    if (problem)
      return problem;
  }
  seen.delete(value);
  return void 0;
}
function at(path) {
  return path ? `the value at ${path.replace(/^\./, "")} ` : "the value ";
}
function describe(value) {
  if (typeof value === "function")
    return "a function";
  if (typeof value === "bigint")
    return "a BigInt";
  if (typeof value === "symbol")
    return "a symbol";
  return String(value);
}

// packages/hookenv/dist/sorted-entries.js
var SortedEntries = class _SortedEntries {
  flat;
  constructor(flat) {
    this.flat = flat;
  }
  static empty() {
    return new _SortedEntries([]);
  }
  /** The entries of a stored document, or undefined when it is not one. */
  static parse(text) {
    let flat;
    try {
      flat = JSON.parse(text);
    } catch {
      return void 0;
    }
    if (!Array.isArray(flat) || flat.length % 2 !== 0)
      return void 0;
    let sorted = true;
    for (let i = 0; i < flat.length; i += 2) {
      if (typeof flat[i] !== "string" || typeof flat[i + 1] !== "string")
        return void 0;
      if (i > 0 && flat[i - 2] >= flat[i])
        sorted = false;
    }
    return new _SortedEntries(sorted ? flat : sortPairs(flat));
  }
  static fromMap(entries) {
    const flat = [];
    for (const key of [...entries.keys()].sort())
      flat.push(key, entries.get(key));
    return new _SortedEntries(flat);
  }
  get(key) {
    const index = this.lowerBound(key);
    return index < this.size && this.flat[2 * index] === key ? this.flat[2 * index + 1] : void 0;
  }
  get size() {
    return this.flat.length / 2;
  }
  /** The keys starting with `prefix`, in order, each without its first `strip` characters. */
  keysWithPrefix(prefix, strip = 0) {
    const keys = [];
    const flat = this.flat;
    for (let i = 2 * this.lowerBound(prefix); i < flat.length && flat[i].startsWith(prefix); i += 2) {
      keys.push(strip ? flat[i].slice(strip) : flat[i]);
    }
    return keys;
  }
  toMap() {
    const entries = /* @__PURE__ */ new Map();
    for (let i = 0; i < this.flat.length; i += 2)
      entries.set(this.flat[i], this.flat[i + 1]);
    return entries;
  }
  serialise() {
    return JSON.stringify(this.flat);
  }
  /** The index of the first key not less than `key`. */
  lowerBound(key) {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = low + high >>> 1;
      if (this.flat[2 * mid] < key)
        low = mid + 1;
      else
        high = mid;
    }
    return low;
  }
};
function sortPairs(flat) {
  const pairs = [];
  for (let i = 0; i < flat.length; i += 2)
    pairs.push([flat[i], flat[i + 1]]);
  pairs.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  return pairs.flat();
}

// packages/hookenv/dist/unit-state.js
var DOCUMENT_KEY = "unit-state/v1";
var DELETED = null;
var UnitStateError = class extends Error {
  name = "UnitStateError";
};
var UnitState = class _UnitState {
  path;
  db;
  /** The committed document, loaded on first use. */
  committed;
  /** Uncommitted changes: key -> JSON text, or DELETED. */
  pending = /* @__PURE__ */ new Map();
  constructor(path, db) {
    this.path = path;
    this.db = db;
  }
  /** Opens (creating if needed, mode 0600) the store file at `path`. */
  static open(path) {
    const dir = dirname(path);
    if (!existsSync(dir))
      throw new UnitStateError(`unit state ${path}: directory ${dir} does not exist`);
    if (!statSync(dir).isDirectory())
      throw new UnitStateError(`unit state ${path}: ${dir} is not a directory`);
    createPrivate(path);
    createPrivate(`${path}-lock`);
    checkHeader(path);
    let db;
    try {
      db = loadLMDB()({ path, encoding: "string", noSubdir: true, compression: false, cache: false });
    } catch (error) {
      throw new UnitStateError(`unit state ${path}: cannot open (${reason(error)})`);
    }
    return new _UnitState(path, db);
  }
  /** The decoded value of `key`, or `fallback` when it is not set. */
  get(key, fallback) {
    const text = this.text(key);
    return text === void 0 ? fallback : JSON.parse(text);
  }
  /** Sets `key` to `value`, which must be something JSON can hold. */
  set(key, value) {
    checkKey(key);
    this.pending.set(key, toJSONText(value, `unit state key "${key}"`));
  }
  unset(key) {
    checkKey(key);
    this.pending.set(key, DELETED);
  }
  has(key) {
    return this.text(key) !== void 0;
  }
  /** Sets `prefix + key` for every entry of `mapping`. */
  update(mapping, opts = {}) {
    const prefix = opts.prefix ?? "";
    for (const [key, value] of Object.entries(mapping))
      this.set(prefix + key, value);
  }
  /**
   * Every key that starts with `prefix` (an exact prefix, not SQL LIKE),
   * sorted; `strip` drops the prefix from each.
   */
  keys(prefix = "", opts = {}) {
    const strip = opts.strip ? prefix.length : 0;
    const committed = this.load().keysWithPrefix(prefix, strip);
    if (this.pending.size === 0)
      return committed;
    const keys = strip ? committed.filter((key) => !this.pending.has(prefix + key)) : committed.filter((key) => !this.pending.has(key));
    let added = false;
    for (const [key, text] of this.pending) {
      if (text !== DELETED && key.startsWith(prefix)) {
        keys.push(key.slice(strip));
        added = true;
      }
    }
    return added ? keys.sort() : keys;
  }
  /** The entries whose keys start with `prefix`, decoded; `strip` drops the prefix. */
  getRange(prefix, opts = {}) {
    const range = {};
    for (const name of this.keys(prefix, opts)) {
      const key = opts.strip ? prefix + name : name;
      Object.defineProperty(range, name, { value: this.get(key), enumerable: true, writable: true, configurable: true });
    }
    return range;
  }
  /** Unsets `prefix + key` for each of `keys`, or every key starting with `prefix`. */
  unsetRange(keys, prefix = "") {
    const targets = keys ? keys.map((key) => prefix + key) : this.keys(prefix);
    for (const key of targets)
      this.unset(key);
  }
  /** Whether there are changes not yet committed. */
  get dirty() {
    return this.pending.size > 0;
  }
  /** Applies every pending change to the latest committed state, in one transaction. */
  commit() {
    if (this.pending.size === 0)
      return;
    let next;
    try {
      next = this.db.transactionSync(() => {
        const latest = this.readDocument().toMap();
        for (const [key, text] of this.pending) {
          if (text === DELETED)
            latest.delete(key);
          else
            latest.set(key, text);
        }
        const entries = SortedEntries.fromMap(latest);
        this.db.putSync(DOCUMENT_KEY, entries.serialise());
        return entries;
      });
    } catch (error) {
      if (error instanceof UnitStateError)
        throw error;
      throw new UnitStateError(`unit state ${this.path}: commit failed, nothing written (${reason(error)})`);
    }
    this.committed = next;
    this.pending.clear();
  }
  /** Drops every pending change. */
  revert() {
    this.pending.clear();
  }
  /** The committed state as it is on disk now, to {@link restore} later. */
  snapshot() {
    this.db.resetReadTxn();
    return { document: this.guardedRead() };
  }
  /** Puts back a snapshot's state, dropping pending changes and anything committed since. */
  restore(snapshot) {
    try {
      this.db.transactionSync(() => {
        if (snapshot.document === void 0)
          this.db.removeSync(DOCUMENT_KEY);
        else
          this.db.putSync(DOCUMENT_KEY, snapshot.document);
      });
    } catch (error) {
      throw new UnitStateError(`unit state ${this.path}: restore failed (${reason(error)})`);
    }
    this.pending.clear();
    this.committed = void 0;
  }
  /** Forgets what was loaded, so the next read sees what other processes committed meanwhile. */
  refresh() {
    this.committed = void 0;
    this.db.resetReadTxn();
  }
  /** Resolves once committed changes are durable on disk. */
  async flushed() {
    await this.db.flushed;
  }
  /** Waits for durability and closes the store; pending changes are dropped. */
  async close() {
    this.pending.clear();
    this.committed = void 0;
    await this.db.close();
  }
  text(key) {
    const pending = this.pending.get(key);
    if (pending !== void 0)
      return pending === DELETED ? void 0 : pending;
    return this.load().get(key);
  }
  load() {
    this.committed ??= this.readDocument();
    return this.committed;
  }
  guardedRead() {
    try {
      return this.db.get(DOCUMENT_KEY);
    } catch (error) {
      throw new UnitStateError(`unit state ${this.path}: cannot read (${reason(error)})`);
    }
  }
  readDocument() {
    const text = this.guardedRead();
    if (text === void 0)
      return SortedEntries.empty();
    const entries = SortedEntries.parse(text);
    if (!entries)
      throw new UnitStateError(`unit state ${this.path}: the stored document is malformed (corrupt store?)`);
    return entries;
  }
};
var current;
function unitStatePath() {
  return process.env.UNIT_STATE_DB || join(charmDir(), ".unit-state.lmdb");
}
function unitState() {
  current ??= UnitState.open(unitStatePath());
  return current;
}
function setUnitState(state) {
  current = state;
}
function checkKey(key) {
  if (typeof key !== "string" || key === "")
    throw new UnitStateError(`unit state key must be a non-empty string, got ${JSON.stringify(key)}`);
}
var LMDB_MAGIC = 3203383518;
function checkHeader(path) {
  const header = Buffer.alloc(32);
  const fd = openSync(path, "r");
  let length;
  try {
    length = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (length === 0)
    return;
  const valid = length === header.length && (header.readUInt32LE(16) === LMDB_MAGIC || header.readUInt32LE(24) === LMDB_MAGIC);
  if (!valid)
    throw new UnitStateError(`unit state ${path}: not an LMDB store (corrupt file?); move it aside to start afresh`);
}
var openLMDB;
function loadLMDB() {
  if (openLMDB)
    return openLMDB;
  const env = { LIBC: isMusl() ? "musl" : "glibc", MSGPACKR_NATIVE_ACCELERATION_DISABLED: "true" };
  const saved = Object.keys(env).filter((name) => process.env[name] === void 0);
  for (const [name, value] of Object.entries(env))
    process.env[name] ??= value;
  try {
    openLMDB = createRequire(import.meta.url)("lmdb").open;
  } finally {
    for (const name of saved)
      delete process.env[name];
  }
  return openLMDB;
}
function isMusl() {
  try {
    return readdirSync("/lib").some((name) => name.startsWith("ld-musl-"));
  } catch {
    return false;
  }
}
function createPrivate(path) {
  try {
    closeSync(openSync(path, "a", 384));
  } catch (error) {
    throw new UnitStateError(`unit state ${path}: cannot create (${reason(error)})`);
  }
}
function reason(error) {
  return error instanceof Error ? error.message : String(error);
}

// packages/hookenv/dist/config.js
var CONFIG_SNAPSHOT_KEY = "hookenv.config.previous";
var Config = class {
  current;
  snapshot;
  constructor(current2, snapshot) {
    this.current = current2;
    this.snapshot = snapshot;
  }
  /** The option's value (`null` when unset), `undefined` when there is no such option. */
  get(key) {
    return Object.hasOwn(this.current, key) ? this.current[key] : void 0;
  }
  has(key) {
    return Object.hasOwn(this.current, key);
  }
  keys() {
    return Object.keys(this.current);
  }
  toJSON() {
    return structuredClone(this.current);
  }
  /** Whether the option differs from the last successful hook (always true in the first). */
  changed(key) {
    if (!this.snapshot)
      return true;
    return JSON.stringify(this.snapshot[key] ?? null) !== JSON.stringify(this.current[key] ?? null);
  }
  /** The option's value in the last successful hook, `null` when unknown. */
  previous(key) {
    return this.snapshot?.[key] ?? null;
  }
};
var loading;
var loaded;
function loadConfig() {
  loading ??= (async () => {
    const current2 = await hookTools().configGet() ?? {};
    const state = unitState();
    const stored = state.get(CONFIG_SNAPSHOT_KEY);
    const snapshot = stored && typeof stored === "object" && !Array.isArray(stored) ? stored : void 0;
    state.set(CONFIG_SNAPSHOT_KEY, current2);
    loaded = new Config(current2, snapshot);
    return loaded;
  })();
  loading.catch(() => loading = void 0);
  return loading;
}
function config() {
  if (!loaded)
    throw new Error("config() was called before the config was loaded: await loadConfig() first (main() does this)");
  return loaded;
}
function forgetConfig() {
  loading = void 0;
  loaded = void 0;
}

// packages/hookenv/dist/python-json.js
function pythonJSON(value) {
  const text = encode(value, "", /* @__PURE__ */ new Set());
  if (text === void 0)
    throw new TypeError(`pythonJSON: cannot serialise ${typeof value}`);
  return text;
}
function encode(value, key, ancestors) {
  value = prepare(value, key);
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      return formatNumber(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return String(value);
    case "object":
      return value === null ? "null" : encodeContainer(value, ancestors);
    default:
      return void 0;
  }
}
function prepare(value, key) {
  if (typeof value === "object" && value !== null || typeof value === "bigint") {
    const toJSON = value.toJSON;
    if (typeof toJSON === "function")
      value = toJSON.call(value, key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return value.valueOf();
  }
  return value;
}
function encodeContainer(value, ancestors) {
  if (ancestors.has(value))
    throw new TypeError("pythonJSON: circular reference");
  ancestors.add(value);
  const text = Array.isArray(value) ? encodeArray(value, ancestors) : encodeObject(value, ancestors);
  ancestors.delete(value);
  return text;
}
function encodeArray(value, ancestors) {
  const items = Array.from({ length: value.length }, (_, i) => encode(value[i], String(i), ancestors) ?? "null");
  return `[${items.join(", ")}]`;
}
function encodeObject(value, ancestors) {
  const record = value;
  const items = [];
  for (const key of Object.keys(record).sort(compareCodePoints)) {
    const text = encode(record[key], key, ancestors);
    if (text !== void 0)
      items.push(`${quote(key)}: ${text}`);
  }
  return `{${items.join(", ")}}`;
}
function compareCodePoints(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i))
    i++;
  if (i > 0 && isHighSurrogate(a.charCodeAt(i - 1)))
    i--;
  return (a.codePointAt(i) ?? -1) - (b.codePointAt(i) ?? -1);
}
function isHighSurrogate(unit) {
  return unit >= 55296 && unit <= 56319;
}
var ESCAPES = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "	": "\\t",
  "\b": "\\b",
  "\f": "\\f"
};
function quote(text) {
  const escaped = text.replace(/["\\]|[^\x20-\x7e]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `"${escaped}"`;
}
function formatNumber(n) {
  if (Number.isNaN(n))
    return "NaN";
  if (!Number.isFinite(n))
    return n > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(n))
    return Math.abs(n) < 1e21 ? String(n) : wholeDigits(n);
  const [mantissa = "", exponent = ""] = n.toExponential().split("e");
  const e = Number(exponent);
  if (e >= -4 && e < 16)
    return String(n);
  return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}
function wholeDigits(n) {
  const [mantissa = "", exponent = ""] = n.toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const significant = digits.replace("-", "").length;
  return digits + "0".repeat(Number(exponent) - significant + 1);
}
function parsePythonJSON(text) {
  if (!/NaN|Infinity/.test(text))
    return JSON.parse(text);
  const parser = new Parser(text);
  const value = parser.value();
  parser.end();
  return value;
}
var NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
var WHITESPACE = /[ \t\n\r]*/y;
var LITERALS = [
  ["true", true],
  ["false", false],
  ["null", null],
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity]
];
var Parser = class {
  text;
  pos = 0;
  constructor(text) {
    this.text = text;
  }
  value() {
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch === "{")
      return this.object();
    if (ch === "[")
      return this.array();
    if (ch === '"')
      return this.string();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.number();
  }
  end() {
    this.skipWhitespace();
    if (this.pos < this.text.length)
      this.fail();
  }
  object() {
    const entries = [];
    this.pos++;
    if (this.peek() === "}") {
      this.pos++;
      return {};
    }
    do {
      if (this.peek() !== '"')
        this.fail();
      const key = this.string();
      this.expect(":");
      entries.push([key, this.value()]);
    } while (this.separator("}"));
    return Object.fromEntries(entries);
  }
  array() {
    const items = [];
    this.pos++;
    if (this.peek() === "]") {
      this.pos++;
      return items;
    }
    do {
      items.push(this.value());
    } while (this.separator("]"));
    return items;
  }
  /** Consumes `,` (returning true) or the closing bracket (returning false). */
  separator(close) {
    const ch = this.peek();
    this.pos++;
    if (ch === ",")
      return true;
    if (ch !== close)
      this.fail(this.pos - 1);
    return false;
  }
  string() {
    const start = this.pos;
    let i = start + 1;
    while (i < this.text.length && this.text[i] !== '"')
      i += this.text[i] === "\\" ? 2 : 1;
    if (i >= this.text.length)
      this.fail(start);
    this.pos = i + 1;
    return JSON.parse(this.text.slice(start, this.pos));
  }
  number() {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match)
      this.fail();
    this.pos += match[0].length;
    return Number(match[0]);
  }
  expect(ch) {
    if (this.peek() !== ch)
      this.fail();
    this.pos++;
  }
  peek() {
    this.skipWhitespace();
    return this.text[this.pos];
  }
  skipWhitespace() {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }
  fail(at2 = this.pos) {
    const found = at2 < this.text.length ? `token ${JSON.stringify(this.text[at2])}` : "end of input";
    throw new SyntaxError(`parsePythonJSON: unexpected ${found} at position ${at2}`);
  }
};

// packages/hookenv/dist/hook-context.js
function resetHookContext() {
  clearCallbacks();
  forgetConfig();
  clearHookCache();
}

// packages/flags/dist/flag-events.js
var listeners = /* @__PURE__ */ new Set();
function onFlagChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function emitFlagChange(flag, change) {
  for (const listener of listeners)
    listener(flag, change);
}

// packages/flags/dist/flag-name.js
function checkFlagName(flag, where = "flag") {
  if (typeof flag !== "string")
    throw new TypeError(`${where} name must be a string, got ${describe2(flag)}`);
  if (flag === "")
    throw new TypeError(`${where} name must not be empty`);
}
function describe2(value) {
  if (value === null)
    return "null";
  if (Array.isArray(value))
    return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

// packages/flags/dist/keys.js
var FLAG_PREFIX = "reactive.states.";
var SET_TRIGGER_PREFIX = "reactive.flag_set_triggers.";
var CLEAR_TRIGGER_PREFIX = "reactive.flag_clear_triggers.";
var LEGACY_TRIGGER_PREFIX = "reactive.flag_triggers.";
var REMOVED_STATE_KEY = "reactive.dispatch.removed_state";

// packages/flags/dist/triggers.js
var callbacks = /* @__PURE__ */ new Map();
function registerTrigger(trigger) {
  const { when, whenNot, setFlag: setFlag2, clearFlag: clearFlag2, callback } = trigger;
  if (when === void 0 && whenNot === void 0)
    throw new TypeError("registerTrigger: give one of when or whenNot");
  if (when !== void 0 && whenNot !== void 0)
    throw new TypeError("registerTrigger: give only one of when or whenNot");
  if (setFlag2 === void 0 && clearFlag2 === void 0 && callback === void 0) {
    throw new TypeError("registerTrigger: give at least one of setFlag, clearFlag or callback");
  }
  if (when !== void 0)
    checkFlagName(when, "registerTrigger: when");
  if (whenNot !== void 0)
    checkFlagName(whenNot, "registerTrigger: whenNot");
  if (setFlag2 !== void 0)
    checkFlagName(setFlag2, "registerTrigger: setFlag");
  if (clearFlag2 !== void 0)
    checkFlagName(clearFlag2, "registerTrigger: clearFlag");
  if (callback !== void 0 && typeof callback !== "function")
    throw new TypeError("registerTrigger: callback must be a function");
  const key = triggerKey(when, whenNot);
  const stored = readTrigger(key);
  if (setFlag2 !== void 0 && !stored.set_flag.includes(setFlag2))
    stored.set_flag.push(setFlag2);
  if (clearFlag2 !== void 0 && !stored.clear_flag.includes(clearFlag2))
    stored.clear_flag.push(clearFlag2);
  unitState().set(key, stored);
  if (callback) {
    const list = callbacks.get(key) ?? [];
    if (!list.includes(callback))
      list.push(callback);
    callbacks.set(key, list);
  }
}
var NO_TRIGGER = Object.freeze({ set_flag: [], clear_flag: [], callbacks: [] });
function triggerFor(flag, change) {
  const key = change === "set" ? SET_TRIGGER_PREFIX + flag : CLEAR_TRIGGER_PREFIX + flag;
  if (!unitState().has(key))
    return NO_TRIGGER;
  return { ...readTrigger(key), callbacks: [...callbacks.get(key) ?? []] };
}
function clearTriggers() {
  const state = unitState();
  state.unsetRange(void 0, SET_TRIGGER_PREFIX);
  state.unsetRange(void 0, CLEAR_TRIGGER_PREFIX);
  state.unsetRange(void 0, LEGACY_TRIGGER_PREFIX);
  callbacks.clear();
}
function triggerKey(when, whenNot) {
  return when !== void 0 ? SET_TRIGGER_PREFIX + when : CLEAR_TRIGGER_PREFIX + whenNot;
}
function readTrigger(key) {
  const stored = unitState().get(key);
  return {
    set_flag: Array.isArray(stored?.set_flag) ? [...stored.set_flag] : [],
    clear_flag: Array.isArray(stored?.clear_flag) ? [...stored.clear_flag] : []
  };
}

// packages/flags/dist/flags.js
function setFlag(flag, value = null) {
  checkFlagName(flag);
  if (value !== null)
    toJSONText(value, `value of flag "${flag}"`);
  const state = unitState();
  const key = FLAG_PREFIX + flag;
  const wasSet = state.has(key);
  state.set(key, value);
  if (wasSet)
    return;
  emitFlagChange(flag, "set");
  runTrigger(flag, "set");
}
function clearFlag(flag) {
  checkFlagName(flag);
  const state = unitState();
  const key = FLAG_PREFIX + flag;
  const wasSet = state.has(key);
  state.unset(key);
  state.set(REMOVED_STATE_KEY, true);
  if (!wasSet)
    return;
  emitFlagChange(flag, "cleared");
  runTrigger(flag, "cleared");
}
function toggleFlag(flag, shouldSet) {
  if (shouldSet)
    setFlag(flag);
  else
    clearFlag(flag);
}
function isFlagSet(flag) {
  checkFlagName(flag);
  return unitState().has(FLAG_PREFIX + flag);
}
function allFlagsSet(...flags) {
  return flags.every(isFlagSet);
}
function anyFlagsSet(...flags) {
  return flags.some(isFlagSet);
}
function getFlags() {
  return unitState().keys(FLAG_PREFIX, { strip: true });
}
function getUnsetFlags(...flags) {
  return flags.filter((flag) => !isFlagSet(flag)).sort();
}
function getFlagValue(flag) {
  checkFlagName(flag);
  return unitState().get(FLAG_PREFIX + flag);
}
function runTrigger(flag, change) {
  const trigger = triggerFor(flag, change);
  if (trigger === NO_TRIGGER)
    return;
  for (const name of trigger.set_flag)
    setFlag(name);
  for (const name of trigger.clear_flag)
    clearFlag(name);
  for (const callback of trigger.callbacks)
    callback();
}

// packages/flags/dist/deprecated.js
var setState = setFlag;
var removeState = clearFlag;
var toggleState = toggleFlag;
var isState = isFlagSet;
var allStates = allFlagsSet;
var anyStates = anyFlagsSet;
function getStates() {
  return unitState().getRange(FLAG_PREFIX, { strip: true });
}
export {
  CLEAR_TRIGGER_PREFIX,
  CONFIG_SNAPSHOT_KEY,
  Config,
  FLAG_PREFIX,
  HookToolError,
  LEGACY_TRIGGER_PREFIX,
  MemoryHookTools,
  ProcessHookTools,
  ProcessToolRunner,
  REMOVED_STATE_KEY,
  SET_TRIGGER_PREFIX,
  SocketToolRunner,
  UnitState,
  UnitStateError,
  actionName,
  allFlagsSet,
  allStates,
  anyFlagsSet,
  anyStates,
  applicationName,
  atExit,
  atStart,
  charmDir,
  clearFlag,
  clearHookCache,
  clearTriggers,
  config,
  defaultToolRunner,
  getFlagValue,
  getFlags,
  getStates,
  getUnsetFlags,
  hookName,
  hookTools,
  inRelationHook,
  isFlagSet,
  isLeader,
  isState,
  leaderGet,
  leaderSet,
  loadConfig,
  localUnit,
  log,
  onFlagChange,
  parsePythonJSON,
  pythonJSON,
  registerTrigger,
  relatedUnits,
  relatedUnitsNow,
  relationGet,
  relationGetNow,
  relationId,
  relationIds,
  relationRemoteApp,
  relationSet,
  relationType,
  remoteApplication,
  remoteUnit,
  removeState,
  resetHookContext,
  runAtExit,
  runAtStart,
  setFlag,
  setHookTools,
  setState,
  setUnitState,
  statusGet,
  statusSet,
  toJSONText,
  toggleFlag,
  toggleState,
  unitApplication,
  unitState,
  unitStatePath
};
