import { isDeclaredHost } from '@contract';

/**
 * Says, as the admin types, whether the app may reach the URL's host already (a SaaS SIEM host the app
 * declares) or the admin must approve it after saving (self-hosted, customer-managed egress). The saved
 * destination's own answer (`egress`) is what the page acts on; this is the preview.
 */
export function EgressHint({ url }: { readonly url: string }) {
  let host: string;
  try {
    host = new URL(url.trim()).hostname;
  } catch {
    return null; // not a URL yet
  }
  return (
    <p className="description egress-hint">
      {isDeclaredHost(host)
        ? `${host}: allowed by the app (no approval needed).`
        : `${host}: needs egress approval (self-hosted). After saving, Atlassian asks you to approve it.`}
    </p>
  );
}
