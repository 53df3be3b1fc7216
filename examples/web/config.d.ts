// Generated from the config.yaml of each layer by `reactive types` (and by `reactive build`): edit config.yaml, not this file.
// The charm's options, so that config().get(name) of @reactive/hookenv is typed.
export {};

declare module '@reactive/hookenv' {
  interface CharmConfig {
    /** The port to serve on. */
    port: number;
  }
}
