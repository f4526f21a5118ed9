/**
 * @module aws/x509
 * Self-signed X.509 v3 certificates, as GenerateClientCertificate returns
 * them (`pemEncodedCertificate`). Node's crypto makes the RSA key pair and the
 * signature; this module writes the DER (ASN.1) around them: TBSCertificate
 * with a random positive serial, sha256WithRSAEncryption, issuer = subject,
 * the validity window, the key's SubjectPublicKeyInfo, and the extensions a
 * TLS client certificate carries (not a CA; digital signature and key
 * encipherment; client authentication).
 */
import { generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';

// ---- DER ---------------------------------------------------------------------------------------

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner);
const nul = (): Buffer => Buffer.from([0x05, 0x00]);
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, 'ascii'));

/** A non-negative INTEGER from big-endian bytes (a 0x00 is prepended when the high bit is set). */
function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1] & 0x80) === 0) b = b.subarray(1);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

/** BIT STRING with no unused bits; `bits` is the content. */
const bitString = (bits: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), bits]));

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-11-21T10:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z'; // 20261121100000Z
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii')) : tlv(0x18, Buffer.from(digits, 'ascii'));
}

// ---- X.509 -------------------------------------------------------------------------------------

const OID = {
  sha256WithRSA: '1.2.840.113549.1.1.11',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

export interface SubjectName {
  country?: string;
  organization?: string;
  organizationalUnit?: string;
  commonName: string;
}

function name(n: SubjectName): Buffer {
  const rdns: Buffer[] = [];
  if (n.country) rdns.push(set(seq(oid(OID.countryName), printable(n.country))));
  if (n.organization) rdns.push(set(seq(oid(OID.organizationName), utf8(n.organization))));
  if (n.organizationalUnit) rdns.push(set(seq(oid(OID.organizationalUnitName), utf8(n.organizationalUnit))));
  rdns.push(set(seq(oid(OID.commonName), utf8(n.commonName))));
  return seq(...rdns);
}

function extensions(): Buffer {
  const ext = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
  // keyUsage bits: digitalSignature (0) and keyEncipherment (2) -> 0b10100000, 5 unused bits.
  const keyUsage = tlv(0x03, Buffer.from([0x05, 0xa0]));
  return explicit(3, seq(ext(OID.basicConstraints, true, seq()), ext(OID.keyUsage, true, keyUsage), ext(OID.extKeyUsage, false, seq(oid(OID.clientAuth)))));
}

export interface SelfSignedOptions {
  subject: SubjectName;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/** The DER of a self-signed certificate for the key pair. */
export function selfSignedCertificateDer(o: SelfSignedOptions): Buffer {
  const algorithm = seq(oid(OID.sha256WithRSA), nul());
  const subject = name(o.subject);
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(Buffer.concat([Buffer.from([0x01 + (randomBytes(1)[0] & 0x3f)]), randomBytes(15)])),
    algorithm,
    subject, // issuer: self-signed
    seq(time(o.notBefore), time(o.notAfter)),
    subject,
    o.publicKey.export({ type: 'spki', format: 'der' }),
    extensions(),
  );
  return seq(tbs, algorithm, bitString(sign('sha256', tbs, o.privateKey)));
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A fresh RSA-2048 key pair and its self-signed certificate in PEM. */
export async function generateSelfSignedCertificate(
  opts: Omit<SelfSignedOptions, 'publicKey' | 'privateKey'>,
): Promise<{ pem: string; publicKey: KeyObject }> {
  const { publicKey, privateKey } = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, pub, priv) => (err ? reject(err) : resolve({ publicKey: pub, privateKey: priv }))),
  );
  return { pem: toPem(selfSignedCertificateDer({ ...opts, publicKey, privateKey })), publicKey };
}
