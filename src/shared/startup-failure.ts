/**
 * One plain sentence for a program that could not start (the web host, the CLI, the sync server):
 * what went wrong and what to do, never a stack trace. Pure over the error's fields, so every host
 * uses the same words; the error's own message stays the fallback, as it is usually written for
 * a person already (AppError).
 */
export interface StartupContext {
  /** "the web host", "the sync server", … — the subject of the sentence. */
  program: string;
  port?: number;
  dataDir?: string;
}

interface NodeLikeError {
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  message?: unknown;
}

export function startupFailureMessage(error: unknown, context: StartupContext): string {
  const failure: NodeLikeError = typeof error === 'object' && error !== null ? error : {};
  const code = typeof failure.code === 'string' ? failure.code : '';
  const where = typeof failure.path === 'string' ? failure.path : context.dataDir;
  const message = firstLine(failure.message);
  if (
    code === 'ERR_DLOPEN_FAILED' ||
    /NODE_MODULE_VERSION|invalid ELF header|not a valid Win32/.test(message)
  ) {
    return `Could not start ${context.program}: the SQLite module was built for another version of Node.js. Run "npm rebuild better-sqlite3-multiple-ciphers" (or "npm ci") and start it again.`;
  }
  switch (code) {
    case 'EADDRINUSE':
      return `Could not start ${context.program}: port ${context.port ?? ''} is already in use. Stop the other program or choose another port with --port N.`;
    case 'EACCES':
    case 'EPERM':
      return failure.syscall === 'listen'
        ? `Could not start ${context.program}: this user may not listen on port ${context.port ?? ''}. Choose a port above 1024 with --port N.`
        : `Could not start ${context.program}: no permission to use ${where ?? 'its folder'}. Choose a folder you may write to with --data DIR.`;
    case 'ENOSPC':
      return `Could not start ${context.program}: the disk is full. Free some space and start it again.`;
    case 'EROFS':
      return `Could not start ${context.program}: ${where ?? 'its folder'} is read-only. Choose another folder with --data DIR.`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
      return `Could not start ${context.program}: the database server did not answer. Check DATABASE_URL and that PostgreSQL is running.`;
    case '28P01':
    case '28000':
      return `Could not start ${context.program}: PostgreSQL refused the user in DATABASE_URL. Check the user name and password.`;
    case '3D000':
      return `Could not start ${context.program}: the database named in DATABASE_URL does not exist. Create it first (createdb NAME).`;
    case 'ERR_MODULE_NOT_FOUND':
    case 'MODULE_NOT_FOUND':
      return `Could not start ${context.program}: a part of it is missing (${message}). Run "npm ci" and start it again.`;
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `${sentence(message)} Run it with --help to see its options.`;
  }
  return sentence(`Could not start ${context.program}: ${message || String(error)}`);
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function firstLine(message: unknown): string {
  return typeof message === 'string' ? (message.split('\n')[0] ?? '').trim() : '';
}
