/**
 * @module sdk
 * GetSdk's generation: a stage's deployed snapshot → the SDK archive for an
 * SDK type apigw-local generates (`javascript`, AWS's layout; `typescript`,
 * apigw-local's own typed client), as a ZIP, with the file name the answer's
 * Content-Disposition carries. The catalogue of types (catalogue.ts) says
 * which types exist; the handler (control/sdk.ts) refuses the others.
 */
import type { ApiSnapshot } from '../model';
import { BadRequestException } from '../aws/errors';
import { javascriptSdkFiles } from './javascript';
import { buildSdkSpec } from './spec';
import { typescriptSdkFiles, validPackageName } from './typescript';
import { writeZip } from './zip';

export interface SdkRequest {
  sdkType: string;
  snapshot: ApiSnapshot;
  stageName: string;
  region: string;
  /** The stage's invoke URL on this server. */
  invokeUrl: string;
  parameters: Record<string, string>;
  now?: Date;
}

export interface GeneratedSdk {
  fileName: string;
  zip: Buffer;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `{sdkType}_{yyyy-MM-dd_HH-mm}Z.zip`, in UTC. */
export function sdkFileName(sdkType: string, at: Date): string {
  return `${sdkType}_${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}_${pad(at.getUTCHours())}-${pad(at.getUTCMinutes())}Z.zip`;
}

/** Parameters a generator does not know are refused by name, never ignored. */
function checkParameters(sdkType: string, parameters: Record<string, string>, known: string[]): void {
  for (const k of Object.keys(parameters)) {
    if (!known.includes(k)) {
      const valid = known.length ? `Valid parameters: ${known.join(', ')}` : 'It takes no parameters';
      throw new BadRequestException(`Invalid parameter '${k}' for the ${sdkType} SDK type. ${valid}`);
    }
  }
}

export function generateSdk(req: SdkRequest): GeneratedSdk {
  const now = req.now ?? new Date();
  const spec = buildSdkSpec(req.snapshot, { stageName: req.stageName, region: req.region, invokeUrl: req.invokeUrl });
  let files;
  if (req.sdkType === 'javascript') {
    checkParameters('javascript', req.parameters, []);
    files = javascriptSdkFiles(spec);
  } else if (req.sdkType === 'typescript') {
    checkParameters('typescript', req.parameters, ['packageName', 'baseUrl']);
    const { packageName, baseUrl } = req.parameters;
    if (packageName !== undefined && !validPackageName(packageName)) throw new BadRequestException(`Invalid packageName: ${packageName} is not a valid npm package name`);
    if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl)) throw new BadRequestException(`Invalid baseUrl: ${baseUrl} is not an http(s) URL`);
    files = typescriptSdkFiles(spec, { packageName, baseUrl });
  } else {
    throw new Error(`no generator for SDK type ${req.sdkType}`);
  }
  return { fileName: sdkFileName(req.sdkType, now), zip: writeZip(files.map((f) => ({ path: f.path, data: f.content })), now) };
}
