// The providing side of `http`: a web service tells its clients where it listens.
//   flags: <endpoint>.available   while a client is related
import { Endpoint } from '@reactive/endpoints';
import { toggleFlag } from '@reactive/flags';

export class HttpProvides extends Endpoint {
  override manageFlags(): void {
    toggleFlag(this.expandName('{endpoint_name}.available'), this.isJoined);
  }

  /** Publishes where this unit listens, on every relation (only what changed). */
  configure(port: number | string, hostname?: string): void {
    for (const relation of this.relations) {
      const data = relation.toPublishRaw;
      const wanted = { hostname: hostname ?? data.get('private-address') ?? '', port: String(port) };
      for (const [key, value] of Object.entries(wanted)) if (data.get(key) !== value) data.set(key, value);
    }
  }
}
