import { randomBytes } from 'node:crypto';
import { json, Receiver, type ReceivedRequest, type Reply } from './receiver';

/**
 * Microsoft Entra's token endpoint and the Azure Monitor Logs Ingestion API, on one local server, as
 * documented: a client-credentials grant for `https://monitor.azure.com//.default` gives a bearer token;
 * `POST /dataCollectionRules/{dcr}/streams/{stream}?api-version=2023-01-01` takes a JSON array of rows (1 MB
 * per call, 413 beyond) and answers 204; unknown tokens get 401, an app without the publisher role 403, an
 * unknown rule 404.
 * Source: https://learn.microsoft.com/en-us/azure/azure-monitor/logs/logs-ingestion-api-overview
 */
export class AzureLogsReceiver extends Receiver {
  readonly rows: Record<string, unknown>[] = [];
  readonly tokensIssued: string[] = [];
  private readonly valid = new Set<string>();
  /** The app registration lacks "Monitoring Metrics Publisher" on the rule. */
  roleMissing = false;

  constructor(
    readonly app: {
      readonly tenantId: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly dcrImmutableId: string;
      readonly streamName: string;
    },
  ) {
    super();
  }

  get tokenUrl(): string {
    return `${this.url}/${this.app.tenantId}/oauth2/v2.0/token`;
  }

  documents(): Record<string, unknown>[] {
    return this.rows.map((row) => row.Event as Record<string, unknown>);
  }

  /** Invalidates every token issued so far (expiry, revocation). */
  expireTokens(): void {
    this.valid.clear();
  }

  protected respond(request: ReceivedRequest): Reply {
    if (request.path.endsWith('/oauth2/v2.0/token')) return this.token(request);
    const match = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)$/.exec(request.path);
    if (!match) return json(404, { error: { code: 'NotFound', message: 'Not found' } });
    if (request.query.get('api-version') !== '2023-01-01') {
      return json(400, {
        error: { code: 'InvalidApiVersion', message: 'api-version is missing or unsupported' },
      });
    }
    const bearer = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.valid.has(bearer)) {
      return json(401, { error: { code: 'InvalidToken', message: 'The provided token is not valid' } });
    }
    if (this.roleMissing) {
      return json(403, {
        error: {
          code: 'OperationFailed',
          message:
            'The authentication token provided does not have access to ingest data for the data collection rule',
        },
      });
    }
    if (match[1] !== this.app.dcrImmutableId) {
      return json(404, {
        error: { code: 'NotFound', message: `Data collection rule ${match[1]} not found` },
      });
    }
    if (match[2] !== this.app.streamName) {
      return json(400, {
        error: { code: 'InvalidStream', message: `Stream ${match[2]} is not declared in the rule` },
      });
    }
    if (Buffer.byteLength(request.body) > 1_000_000 || request.wireBytes > 1_000_000) {
      return json(413, {
        error: {
          code: 'ContentLengthLimitExceeded',
          message: 'Maximum allowed content length: 1048576 bytes',
        },
      });
    }
    let rows: unknown;
    try {
      rows = JSON.parse(request.body);
    } catch {
      return json(400, { error: { code: 'InvalidContent', message: 'The body is not valid JSON' } });
    }
    if (!Array.isArray(rows))
      return json(400, { error: { code: 'InvalidContent', message: 'Expected a JSON array' } });
    this.rows.push(...(rows as Record<string, unknown>[]));
    return { status: 204 };
  }

  private token(request: ReceivedRequest): Reply {
    const form = new URLSearchParams(request.body);
    if (!request.path.startsWith(`/${this.app.tenantId}/`)) {
      return json(400, { error: 'invalid_request', error_description: 'AADSTS90002: Tenant not found.' });
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return json(400, {
        error: 'unsupported_grant_type',
        error_description: 'AADSTS70003: unsupported grant type',
      });
    }
    if (form.get('client_id') !== this.app.clientId) {
      return json(400, {
        error: 'unauthorized_client',
        error_description: 'AADSTS700016: Application not found in the directory.',
      });
    }
    if (form.get('client_secret') !== this.app.clientSecret) {
      return json(401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    }
    const scope = form.get('scope');
    if (scope !== 'https://monitor.azure.com//.default' && scope !== 'https://monitor.azure.com/.default') {
      return json(400, {
        error: 'invalid_scope',
        error_description: `AADSTS70011: The provided scope '${scope}' is not valid.`,
      });
    }
    const token = randomBytes(24).toString('base64url');
    this.valid.add(token);
    this.tokensIssued.push(token);
    return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  }
}
