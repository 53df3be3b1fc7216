// The requiring side of `http`: a client of web services (a proxy, a monitor).
//   flags: <endpoint>.available   once a related service published a port
import { Endpoint } from '@reactive/endpoints';
import { clearFlag, isFlagSet, toggleFlag } from '@reactive/flags';

/** A related web service's unit: where it listens. */
export interface HttpService {
  service: string;
  host: string;
  port: string;
}

export class HttpRequires extends Endpoint {
  override manageFlags(): void {
    if (!this.isJoined || isFlagSet(this.expandName('changed'))) {
      toggleFlag(this.expandName('{endpoint_name}.available'), this.services().length > 0);
      clearFlag(this.expandName('changed'));
    }
  }

  /** Every related web service: its application and the host and port of each unit. */
  services(): HttpService[] {
    return this.allJoinedUnits
      .map((unit) => ({
        service: unit.applicationName,
        host: unit.receivedRaw.get('hostname') || unit.receivedRaw.get('private-address') || '',
        port: unit.receivedRaw.get('port') ?? '',
      }))
      .filter((unit) => unit.host && unit.port);
  }
}
