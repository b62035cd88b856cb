import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';

/** The asymmetric algorithms a JWKS key can verify; each key is pinned to exactly one by its type. */
export type JwksAlgorithm = 'RS256' | 'ES256';

/** A public key from a JWKS, pinned to the one algorithm its key type allows. */
export interface VerificationKey {
  /** The JWK's `kid`, the only thing a token header may use to pick it. */
  readonly kid: string;
  /** `RS256` for an RSA key, `ES256` for an EC P-256 key. */
  readonly algorithm: JwksAlgorithm;
  readonly key: KeyObject;
}

/** RSA keys shorter than this are not trusted. */
const MIN_RSA_BITS = 2048;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (jwk: JsonObject, member: string): string | undefined => {
  const value = jwk[member];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

function algorithmOf(jwk: JsonObject): JwksAlgorithm | undefined {
  if (jwk['kty'] === 'RSA') return 'RS256';
  if (jwk['kty'] === 'EC' && jwk['crv'] === 'P-256') return 'ES256';
  return undefined;
}

/** Only the public members of a JWK, so private parts or extra members never reach the key import. */
function publicMembersOf(jwk: JsonObject, algorithm: JwksAlgorithm): JsonWebKey {
  return algorithm === 'RS256'
    ? { kty: 'RSA', n: text(jwk, 'n'), e: text(jwk, 'e') }
    : { kty: 'EC', crv: 'P-256', x: text(jwk, 'x'), y: text(jwk, 'y') };
}

/**
 * The verification key of one JWK, or `undefined` when it is not one this gateway trusts: no `kid`,
 * a `use` other than `sig`, a type other than RSA or EC P-256, an `alg` contradicting its type, an
 * RSA modulus under 2048 bits, or key material that does not import.
 */
export function verificationKeyOf(jwk: unknown): VerificationKey | undefined {
  if (!isObject(jwk)) return undefined;
  const kid = text(jwk, 'kid');
  const algorithm = algorithmOf(jwk);
  if (kid === undefined || algorithm === undefined) return undefined;
  if (jwk['use'] !== undefined && jwk['use'] !== 'sig') return undefined;
  if (jwk['alg'] !== undefined && jwk['alg'] !== algorithm) return undefined;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicMembersOf(jwk, algorithm), format: 'jwk' });
  } catch {
    return undefined;
  }
  if (algorithm === 'RS256' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) return undefined;
  return { kid, algorithm, key };
}

/**
 * The trusted keys of a JWK Set document (`{ "keys": [...] }`) by `kid`; keys it does not trust are
 * skipped, and a `kid` published twice is dropped as ambiguous. `undefined` when the document is
 * not a JWK Set at all.
 *
 * @example
 * const keys = parseJwkSet(JSON.parse(body)); // Map { 'key-1' => { kid, algorithm: 'RS256', key } }
 */
export function parseJwkSet(document: unknown): Map<string, VerificationKey> | undefined {
  if (!isObject(document) || !Array.isArray(document['keys'])) return undefined;
  const keys = new Map<string, VerificationKey>();
  const ambiguous = new Set<string>();
  for (const jwk of document['keys']) {
    const key = verificationKeyOf(jwk);
    if (key === undefined) continue;
    if (keys.has(key.kid)) ambiguous.add(key.kid);
    keys.set(key.kid, key);
  }
  for (const kid of ambiguous) keys.delete(kid);
  return keys;
}
