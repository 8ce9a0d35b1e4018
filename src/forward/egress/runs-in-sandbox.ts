import { getAppContext } from '@forge/api';

/**
 * The environment type the local sandbox's runtime stand-in reports. Forge reports DEVELOPMENT, STAGING
 * or PRODUCTION, so only the sandbox sees this one.
 */
export const SANDBOX_ENVIRONMENT = 'SANDBOX';

/**
 * True only in the local sandbox, where the SIEM receivers listen on this machine. On Forge a URL on this
 * machine is never a SIEM (and Forge sends only https), so such URLs are accepted only here.
 */
export function runsInSandbox(): boolean {
  return getAppContext().environmentType === SANDBOX_ENVIRONMENT;
}
