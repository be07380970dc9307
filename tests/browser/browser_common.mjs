// What the browser tests share: their environment, their checks, and the TOTP codes they type.
import { createHmac } from 'node:crypto';

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export function check(condition, what) {
  if (!condition) throw new Error(`FAIL: ${what}`);
  console.log(`ok: ${what}`);
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 6238 with HMAC-SHA1, 30-second steps, 6 digits, at the service's time. The service's clock
// runs from --clock-start at the real pace: its Unix time now is ours shifted by `clockOffset`
// seconds.
export function totp(secretBase32, clockOffset) {
  const now = Date.now() / 1000 + clockOffset;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30)));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}
