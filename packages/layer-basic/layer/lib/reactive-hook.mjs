// The hook entry of a reactive charm (from layer:basic): the whole hook.
import { runHook } from '@reactive/layer-basic';

process.exitCode = await runHook();
