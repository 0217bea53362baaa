import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Key files made by tests go to a temp folder, never to the user's real key folder.
process.env.MSC_DESK_KEY_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'msc-keys-'));
