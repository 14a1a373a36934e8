import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Ranges a webhook may not point at: the service's own host and networks a publisher's outside systems are not on. */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT, private in practice
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, where cloud metadata services answer
  ['172.16.0.0', 12], // private
  ['192.168.0.0', 16], // private
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

export type WebhookUrlProblem = 'malformed' | 'scheme' | 'credentials' | 'private_host';

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:7f00:1` as WHATWG URL writes it), else null. */
function mappedIPv4(v6: string): string | null {
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(v6) ?? null;
  if (m) {
    const hi = parseInt(m[1], 16);
    const lo = parseInt(m[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v6);
  return dotted ? dotted[1] : null;
}

/** True for a host name or address literal in a refused range (`localhost` and `*.localhost` included). */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIPv4(host)) return BLOCKED.check(host, 'ipv4');
  if (isIPv6(host)) {
    const v4 = mappedIPv4(host);
    return v4 ? BLOCKED.check(v4, 'ipv4') : BLOCKED.check(host, 'ipv6');
  }
  return false;
}

/**
 * Why a webhook URL is refused, or null when it is allowed: http(s) only, no user:password@ (it would be shown in
 * every listing), and no private, loopback, link-local or unspecified host unless `allowPrivate`. Only literal
 * addresses and `localhost` are judged here; a name is judged by the addresses it resolves to when a delivery is made.
 */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): WebhookUrlProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'malformed';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'scheme';
  if (!url.hostname) return 'malformed';
  if (url.username || url.password) return 'credentials';
  if (!allowPrivate && isPrivateHost(url.hostname)) return 'private_host';
  return null;
}
