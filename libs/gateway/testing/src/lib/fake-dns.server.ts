import { createSocket, RemoteInfo, Socket } from 'node:dgram';
import { once } from 'node:events';

/** One SRV record the fake DNS server answers with. */
export interface FakeSrvRecord {
  target: string;
  port: number;
  priority?: number;
  weight?: number;
}

interface Zone {
  a: string[];
  srv: FakeSrvRecord[];
}

const TYPE_A = 1;
const TYPE_SRV = 33;
const NXDOMAIN = 3;

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter((label) => label.length > 0);
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

/** Reads the first question's name, type and where it ends; `undefined` for anything malformed. */
function question(message: Buffer): { name: string; type: number; end: number } | undefined {
  const labels: string[] = [];
  let offset = 12;
  while (offset < message.length && message[offset] !== 0) {
    const length = message[offset];
    if (length > 63) return undefined;
    labels.push(message.toString('ascii', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  if (offset + 5 > message.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: message.readUInt16BE(offset + 1), end: offset + 5 };
}

function answer(type: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4); // class IN
  head.writeUInt32BE(1, 6); // TTL 1 s
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

function srvData(record: FakeSrvRecord): Buffer {
  const fixed = Buffer.alloc(6);
  fixed.writeUInt16BE(record.priority ?? 0, 0);
  fixed.writeUInt16BE(record.weight ?? 0, 2);
  fixed.writeUInt16BE(record.port, 4);
  return Buffer.concat([fixed, encodeName(record.target)]);
}

/**
 * A tiny authoritative DNS server over UDP on loopback answering A and SRV questions from records
 * the test sets and changes at will; unknown names get NXDOMAIN. Point a resolver (or a BFF's
 * `DISCOVERY_DNS_SERVER`) at {@link address}.
 *
 * @example
 * const dns = await FakeDnsServer.start();
 * dns.setSrv('_http._tcp.users.test', [{ target: 'a.users.test', port: users.port }]);
 * dns.setA('a.users.test', ['127.0.0.1']);
 * // ... DISCOVERY_DNS_SERVER: dns.address
 * await dns.close();
 */
export class FakeDnsServer {
  /** Questions received, as `<type> <name>` (e.g. `SRV _http._tcp.users.test`). */
  readonly questions: string[] = [];
  private readonly zones = new Map<string, Zone>();

  private constructor(private readonly socket: Socket) {
    socket.on('message', (message, peer) => this.answer(message, peer));
  }

  /** Starts the server on an ephemeral loopback UDP port. */
  static async start(): Promise<FakeDnsServer> {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    return new FakeDnsServer(socket);
  }

  /** `127.0.0.1:<port>`. */
  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  /** Sets the A records of `name` (replacing earlier ones). */
  setA(name: string, addresses: string[]): void {
    this.zone(name).a = addresses;
  }

  /** Sets the SRV records of `name` (replacing earlier ones). */
  setSrv(name: string, records: FakeSrvRecord[]): void {
    this.zone(name).srv = records;
  }

  /** Forgets every record of `name`: it answers NXDOMAIN. */
  remove(name: string): void {
    this.zones.delete(name.toLowerCase());
  }

  /** Stops answering. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(resolve));
  }

  private zone(name: string): Zone {
    const key = name.replace(/\.$/, '').toLowerCase();
    let zone = this.zones.get(key);
    if (!zone) {
      zone = { a: [], srv: [] };
      this.zones.set(key, zone);
    }
    return zone;
  }

  private answer(message: Buffer, peer: RemoteInfo): void {
    const asked = message.length >= 12 ? question(message) : undefined;
    if (!asked) return;
    this.questions.push(`${asked.type === TYPE_SRV ? 'SRV' : asked.type === TYPE_A ? 'A' : asked.type} ${asked.name}`);
    const zone = this.zones.get(asked.name);
    const answers =
      asked.type === TYPE_A
        ? (zone?.a ?? []).map((address) => answer(TYPE_A, Buffer.from(address.split('.').map(Number))))
        : asked.type === TYPE_SRV
          ? (zone?.srv ?? []).map((record) => answer(TYPE_SRV, srvData(record)))
          : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(message.readUInt16BE(0), 0); // id
    const recursionDesired = message[2] & 0x01;
    header[2] = 0x84 | recursionDesired; // QR, authoritative
    header[3] = zone ? 0 : NXDOMAIN;
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    this.socket.send(Buffer.concat([header, message.subarray(12, asked.end), ...answers]), peer.port, peer.address);
  }
}
