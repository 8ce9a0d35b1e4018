import { getAppContext } from '@forge/api';

/**
 * The environment type the local sandbox's runtime stand-in reports. Forge reports DEVELOPMENT, STAGING
 * or PRODUCTION, so only the sandbox sees this one.
 */
export const SANDBOX_ENVIRONMENT = 'SANDBOX';

/** True only in the local sandbox, where SIEM receivers listen on this machine. */
export function runsInSandbox(): boolean {
  return getAppContext().environmentType === SANDBOX_ENVIRONMENT;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a URL points at the machine the app runs on. On Forge that is never a SIEM (and Forge sends
 * only https), so such URLs are accepted only in the sandbox, whose test receivers listen there.
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}
