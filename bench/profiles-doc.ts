// docs/reports/profiles.md holds two reports: Neo4j's PROFILE of the slow queries (npm run bench:profile)
// and where one request's time goes in our server (npm run bench:request-profile). Each script
// rewrites its own part and keeps the other's.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../docs/reports/profiles.md', import.meta.url);
const requestPart = '<!-- Below: written by npm run bench:request-profile -->';

function parts(): { queries: string; request: string } {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = text.indexOf(requestPart);
  return at < 0 ? { queries: text, request: '' } : { queries: text.slice(0, at), request: text.slice(at) };
}

export function writeQueryProfiles(report: string): void {
  writeFileSync(file, `${report.trimEnd()}\n\n${parts().request}`);
}

export function writeRequestProfile(report: string): void {
  writeFileSync(file, `${parts().queries.trimEnd()}\n\n${requestPart}\n\n${report.trimEnd()}\n`);
}
