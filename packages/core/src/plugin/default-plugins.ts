import { logPlugin } from "../log/log-plugin.js";
import { studioPlugin } from "../studio/studio-plugin.js";
import type { Plugin } from "./plugin.js";

/**
 * The core plugins every object with userdo gets, UserDO subclass or plain
 * DurableObject with `withPlugins`, in this order, before any other plugin.
 */
export const DEFAULT_PLUGINS: readonly Plugin<string, any>[] = Object.freeze([logPlugin, studioPlugin]);
