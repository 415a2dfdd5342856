// `npx flatland` looks in node_modules/.bin, where npm links dependencies' commands but not the
// project's own: link ours there too (run by the `prepare` script on npm install / npm ci).
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
mkdirSync(binDir, { recursive: true });
const link = join(binDir, 'flatland');
rmSync(link, { force: true });
symlinkSync(join('..', '..', 'bin', 'flatland.js'), link);
chmodSync(join(root, 'bin', 'flatland.js'), 0o755);
