import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAYER_DIR } from '@reactive/layer-basic';

/** The root of the @reactive/build package: where the build looks for the packages a charm needs. */
export const SELF_ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/\/$/, '');

/** The root of the @reactive/layer-basic package whose layer:basic this build composes charms with. */
export const LAYER_BASIC_ROOT = dirname(LAYER_DIR);
