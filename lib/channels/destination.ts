// Where a channel may send. Channels are set by admins but called by the console from inside the network, so a URL
// must not reach what only the console can reach: loopback, private, link-local, CGNAT, IPv6 unique-local or other
// special addresses, cloud metadata services. Names are resolved and every address checked, when the channel is
// saved and again when each message is sent (the connection then uses the address checked, so a DNS answer that
// changes in between cannot move it). FLEET_CHANNEL_ALLOWED_CIDRS lets in-house receivers through.
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { env } from '@/lib/env';

export class DestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestinationError';
  }
}

/** Names that answer with instance credentials on the major clouds, whatever they resolve to from here. */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
]);

const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  linkLocal: 'a link-local (cloud metadata)',
  loopback: 'a loopback',
  private: 'a private',
  carrierGradeNat: 'a carrier-grade NAT',
  uniqueLocal: 'a unique-local (private IPv6)',
  reserved: 'a reserved',
};

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** The ranges of FLEET_CHANNEL_ALLOWED_CIDRS (checked when the environment is read). */
function allowedRanges(): Range[] {
  return env().FLEET_CHANNEL_ALLOWED_CIDRS.map((cidr) => ipaddr.parseCIDR(cidr));
}

/** Why the console will not send to `address`, or null when it may. IPv4-mapped IPv6 is judged as IPv4. */
export function addressRefusal(address: string, allowed: Range[] = allowedRanges()): string | null {
  const parsed = ipaddr.process(address);
  if (allowed.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits))) return null;
  const range = parsed.range();
  if (range === 'unicast') return null;
  return `${parsed.toString()} is ${RANGE_WORDS[range] ?? `a special-purpose (${range})`} address`;
}

export interface Resolved {
  address: string;
  family: 4 | 6;
}

/**
 * The address to connect to for `hostname`, after checking every address it resolves to (a name answering one
 * public and one internal address is refused). Throws DestinationError with the reason in words.
 */
export async function resolveDestination(hostname: string, timeoutMs = 5_000): Promise<Resolved> {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (METADATA_HOSTS.has(host)) throw new DestinationError(`${host} is a cloud metadata service`);
  let addresses: Resolved[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: ipaddr.parse(host).kind() === 'ipv4' ? 4 : 6 }];
  } else {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DestinationError(`${host} did not resolve in time`)), timeoutMs);
    });
    try {
      const answers = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
      addresses = answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
    } catch (error) {
      if (error instanceof DestinationError) throw error;
      throw new DestinationError(`${host} does not resolve (${(error as { code?: string }).code ?? 'no answer'})`);
    } finally {
      clearTimeout(timer);
    }
  }
  const allowed = allowedRanges();
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, allowed);
    if (refusal) {
      throw new DestinationError(
        `${host === address ? '' : `${host} resolves to `}${refusal}, which channels may not reach (an admin can allow it in FLEET_CHANNEL_ALLOWED_CIDRS)`,
      );
    }
  }
  if (!addresses.length) throw new DestinationError(`${host} does not resolve`);
  return addresses[0];
}

/**
 * The save-time check of a channel URL: null when it may be saved. A name that does not resolve from here is
 * accepted (it may resolve where the console runs); it is checked again, and refused, when a message is sent.
 */
export async function urlRefusal(url: string): Promise<string | null> {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return 'is not a URL';
  }
  try {
    await resolveDestination(hostname, 3_000);
    return null;
  } catch (error) {
    if (error instanceof DestinationError && !/does not resolve|did not resolve/.test(error.message)) {
      return error.message;
    }
    return null;
  }
}
