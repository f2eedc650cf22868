// Fresh accounts for tests that change what a user has saved (language,
// password) or that trip per-username limits: demo users are shared by every
// spec and both workers, so they must keep their password and language.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PORT } from './env';

const ROOT = path.resolve(__dirname, '..', '..');
/** The binary e2e/serve.sh builds and the database it serves (paths relative to the repository). */
const BINARY = path.join(ROOT, 'bin', 'imageshare');
const DATABASE = path.join('e2e', '.data', String(PORT), 'e2e.db');

export interface FreshAccount {
  accountId: string;
  username: string;
  password: string;
  name: string;
}

/**
 * Creates an account and its first user with `imageshare account create`
 * (safe while the server runs). `prefix` names the test in the username,
 * which gets a random suffix so parallel workers and repeated runs never clash.
 */
export function createAccount(prefix: string, opts: { admin?: boolean } = {}): FreshAccount {
  const suffix = randomBytes(4).toString('hex');
  // Usernames are 3-32 of [a-z0-9._-]: keep the prefix short.
  const username = `${prefix.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 20)}-${suffix}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const name = `E2E ${prefix} ${suffix}`;
  const args = ['account', 'create', '--db', DATABASE, '--name', name, '--user', username, '--password', password];
  if (opts.admin) args.push('--admin');
  const out = execFileSync(BINARY, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  const accountId = out.trim().split('\n').pop()!.trim();
  if (!/^\d{10,12}$/.test(accountId)) {
    throw new Error(`imageshare account create printed no account id: ${JSON.stringify(out)}`);
  }
  return { accountId, username, password, name };
}

export interface APIKey {
  secretId: string;
  secretKey: string;
}

/** Creates an API key for a user with `imageshare apikey create` (safe while the server runs), as an operator would. */
export function createAPIKey(username: string): APIKey {
  const out = execFileSync(BINARY, ['apikey', 'create', '--db', DATABASE, '--user', username], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const secretId = out.match(/^SecretId: (\S+)$/m)?.[1];
  const secretKey = out.match(/^SecretKey: (\S+)$/m)?.[1];
  if (!secretId || !secretKey) {
    throw new Error(`imageshare apikey create printed no key: ${JSON.stringify(out)}`);
  }
  return { secretId, secretKey };
}
