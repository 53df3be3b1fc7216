import { BuildError } from './errors.js';
import type { Layer } from './layers.js';
import { clone, deepMerge, isMap, type YamlMap } from './merge.js';
import { validateWithDefaults } from './schema.js';

function formatPath(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * The built layer.yaml (layers.md A10): every layer's layer.yaml deep-merged
 * bottom→top, without `defines`, with `options` checked against the schemas
 * the layers define and every default filled in, `includes` the union of all
 * layers' includes, and `is` the charm name unless a layer set it.
 */
export function combineLayerYaml(layers: Layer[], charmName: string): YamlMap {
  const properties: YamlMap = {};
  const definedIn = new Map<string, string | undefined>();
  const setIn = new Map<string, string>();
  const includes: string[] = [];
  let merged: YamlMap = {};
  for (const layer of layers) {
    const data = clone(layer.config);
    properties[layer.name] = { type: 'object', properties: isMap(layer.config.defines) ? layer.config.defines : {}, default: {} };
    definedIn.set(layer.name, layer.configFile);
    for (const url of layer.resolvedIncludes) if (!includes.includes(url)) includes.push(url);
    delete data.defines;
    delete data.includes;
    delete data.name;
    delete data.tactics;
    const options = isMap(data.options) ? data.options : {};
    for (const [section, values] of Object.entries(options)) {
      if (values === null) options[section] = {};
      if (layer.configFile) {
        setIn.set(section, layer.configFile);
        for (const option of Object.keys(options[section] as YamlMap)) setIn.set(`${section}.${option}`, layer.configFile);
      }
    }
    data.options = options;
    if (layer.ignore.length > 0) data.ignore = { [layer.name]: layer.ignore };
    else delete data.ignore;
    if (layer.exclude.length > 0) data.exclude = layer.exclude;
    else delete data.exclude;
    merged = deepMerge(merged, data) as YamlMap;
  }

  const options = (isMap(merged.options) ? merged.options : {}) as YamlMap;
  const undefinedLayers = Object.keys(options).filter((name) => !definedIn.has(name));
  if (undefinedLayers.length > 0) {
    const files = [...new Set(undefinedLayers.map((name) => setIn.get(name)))].join(', ');
    throw new BuildError(`Options set for undefined layer(s): ${undefinedLayers.join(', ')} (in ${files})`);
  }
  const issues = validateWithDefaults({ type: 'object', additionalProperties: false, properties }, options);
  if (issues.length > 0) {
    const lines = issues.map(({ path, message }) => {
      const where = setIn.get(path.slice(0, 2).join('.'));
      const origin = where ? ` (set in ${where})` : path.length >= 2 ? ` (the default from ${definedIn.get(String(path[0])) ?? `layer ${path[0]}`})` : '';
      return `Invalid value for option ${formatPath(path)}: ${message}${origin}`;
    });
    throw new BuildError(lines.join('\n'));
  }

  const out: YamlMap = {};
  if (includes.length > 0) out.includes = includes;
  for (const [key, value] of Object.entries(merged)) if (key !== 'options') out[key] = value;
  out.options = options;
  if (out.is === undefined) out.is = charmName;
  return out;
}
