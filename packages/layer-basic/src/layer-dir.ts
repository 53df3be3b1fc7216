import { fileURLToPath } from 'node:url';

/** layer:basic itself: the `layer/` folder of this package, which `reactive build` puts under a charm. */
export const LAYER_DIR = fileURLToPath(new URL('../layer', import.meta.url));
