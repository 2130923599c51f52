import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelope: `v1.<iv>.<tag>.<ciphertext>` in base64url. The
 * associated data binds a ciphertext to where it belongs (e.g. a message id),
 * so a row copied into another row fails to decrypt instead of leaking.
 */
const VERSION = 'v1';

export function seal(key: Buffer, plaintext: string, associatedData = ''): string {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

export function open(key: Buffer, sealed: string, associatedData = ''): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}

export function sealBytes(key: Buffer, plaintext: Buffer, associatedData = ''): string {
  return seal(key, plaintext.toString('base64'), associatedData);
}

export function openBytes(key: Buffer, sealed: string, associatedData = ''): Buffer {
  return Buffer.from(open(key, sealed, associatedData), 'base64');
}
