// Note paths an attacker sends instead of "folder/note.md": traversal in every spelling, absolute
// and Windows paths, encodings, NUL and control characters, links that leave the vault, and the
// folders that are never reachable. Each row says what the refusal must talk about.

export interface PathContext {
  /** Absolute path of the sentinel folder beside the vault. */
  outside: string;
}

/** Which note operations a row is sent through (look-alike names only make sense for reads). */
export type PathUse = 'read' | 'write';

export interface PathCase {
  name: string;
  path: (ctx: PathContext) => string;
  /** The substance the error message must carry. */
  error: RegExp;
  uses: readonly PathUse[];
}

const BOTH: readonly PathUse[] = ['read', 'write'];

export const DOT_DOT = /'\.\.' to leave its folder/;
const ABSOLUTE = /absolute path/;
const DRIVE_OR_URL = /drive path or URL/;
const HOME = /home folder/;
const TWICE = /percent-encoded twice/;
const BAD_UTF8 = /not valid UTF-8/;
const CONTROL = /NUL or control character/;
const SYMLINK_OUT = /symbolic link to '.*', which is outside the vault/;
const BROKEN_LINK = /broken symbolic link|symbolic link loop/;
const DATA_DIR = /vaultplane's data folder/;
const GIT_DIR = /inside a \.git folder/;
const OBSIDIAN_DIR = /which Obsidian manages/;
const TOO_LONG = /the limit is 4096/;
const EMPTY = /path is empty|names the vault folder itself/;
/** Look-alikes are ordinary names inside the vault: the note is simply not there. */
const NOT_IN_VAULT = /does not exist/;

const row = (name: string, path: string | ((ctx: PathContext) => string), error: RegExp, uses: readonly PathUse[] = BOTH): PathCase => ({
  name,
  path: typeof path === 'string' ? () => path : path,
  error,
  uses,
});

export const PATH_CASES: readonly PathCase[] = [
  // Plain traversal.
  row('dot-dot to the sentinel', '../outside/secret.md', DOT_DOT),
  row('dot-dot to /etc/passwd', '../../../../../../etc/passwd', DOT_DOT),
  row('dot-dot after a folder', 'notes/../../outside/secret.md', DOT_DOT),
  row('dot-dot after ./', './../outside/secret.md', DOT_DOT),
  row('dot-dot amid ./ segments', 'notes/./.././../outside/secret.md', DOT_DOT),
  row('trailing dot-dot', 'notes/..', DOT_DOT),
  row('lone dot-dot', '..', DOT_DOT),
  row('dot-dot with doubled slashes', 'notes//..//..//outside//secret.md', DOT_DOT),
  // Windows separators.
  row('backslash dot-dot', '..\\outside\\secret.md', DOT_DOT),
  row('backslash dot-dot after a folder', 'notes\\..\\..\\outside\\secret.md', DOT_DOT),
  row('mixed separators', '..\\/outside/secret.md', DOT_DOT),
  // Percent-encoding, once.
  row('%2e%2e%2f', '%2e%2e%2foutside%2fsecret.md', DOT_DOT),
  row('upper-case %2E%2E', '%2E%2E/outside/secret.md', DOT_DOT),
  row('dot-dot with %2f', '..%2foutside%2fsecret.md', DOT_DOT),
  row('dot-dot with %5c', '..%5coutside%5csecret.md', DOT_DOT),
  row('%2e%2e%5c', '%2e%2e%5c%2e%2e%5coutside%5csecret.md', DOT_DOT),
  row('%2e. mixed', '%2e./outside/secret.md', DOT_DOT),
  // Percent-encoding, twice.
  row('double-encoded dots and slash', '%252e%252e%252foutside%252fsecret.md', TWICE),
  row('double-encoded slash', '..%252foutside%252fsecret.md', TWICE),
  row('double-encoded backslash', '..%255coutside%255csecret.md', TWICE),
  row('double-encoded NUL', 'notes/hello.md%2500.md', TWICE),
  // Overlong and broken UTF-8 in escapes.
  row('overlong 2-byte dots (%c0%ae)', '%c0%ae%c0%ae/outside/secret.md', BAD_UTF8),
  row('overlong 2-byte slash (%c0%af)', '..%c0%afoutside%c0%afsecret.md', BAD_UTF8),
  row('overlong 3-byte dots (%e0%80%ae)', '%e0%80%ae%e0%80%ae/outside/secret.md', BAD_UTF8),
  row('overlong 2-byte backslash (%c1%9c)', '..%c1%9coutside%c1%9csecret.md', BAD_UTF8),
  row('lone continuation byte', 'notes/%80hello.md', BAD_UTF8),
  row('truncated sequence', 'notes/%e2%82.md', BAD_UTF8),
  // Unicode look-alikes stay names inside the vault.
  row('one-dot leaders (U+2024)', '\u2024\u2024/outside/secret.md', NOT_IN_VAULT, ['read']),
  row('two-dot leader (U+2025)', '\u2025/outside/secret.md', NOT_IN_VAULT, ['read']),
  row('full-width dots and solidus', '\uff0e\uff0e\uff0foutside\uff0fsecret.md', NOT_IN_VAULT, ['read']),
  row('division slash (U+2215)', '..\u2215outside\u2215secret.md', NOT_IN_VAULT, ['read']),
  row('big solidus (U+29F8)', '..\u29f8outside\u29f8secret.md', NOT_IN_VAULT, ['read']),
  row('four dots are a name', '..../outside/secret.md', NOT_IN_VAULT, ['read']),
  // Absolute, drive, UNC, URL and home paths.
  row('absolute path into the sentinel', (ctx) => `${ctx.outside}/secret.md`, ABSOLUTE),
  row('absolute /etc/passwd', '/etc/passwd', ABSOLUTE),
  row('encoded absolute path', '%2fetc%2fpasswd', ABSOLUTE),
  row('UNC share', '\\\\server\\share\\secret.md', ABSOLUTE),
  row('UNC with forward slashes', '//server/share/secret.md', ABSOLUTE),
  row('Win32 long-path prefix', '\\\\?\\C:\\outside\\secret.md', ABSOLUTE),
  row('encoded UNC', '%5c%5cserver%5cshare%5csecret.md', ABSOLUTE),
  row('drive letter with backslashes', 'C:\\Windows\\win.ini', DRIVE_OR_URL),
  row('drive letter with slashes', 'c:/outside/secret.md', DRIVE_OR_URL),
  row('drive-relative path', 'C:secret.md', DRIVE_OR_URL),
  row('file URL', 'file:///etc/passwd', DRIVE_OR_URL),
  row('http URL', 'http://169.254.169.254/latest/meta-data', DRIVE_OR_URL),
  row('home folder', '~/.bashrc', HOME),
  row("another user's home", '~root/.ssh/authorized_keys', HOME),
  // NUL and control characters.
  row('NUL before an extension', 'notes/hello.md\u0000.txt', CONTROL),
  row('encoded NUL', 'notes/hello.md%00.md', CONTROL),
  row('newline in a name', 'notes/\nhello.md', CONTROL),
  row('escape character', 'notes/\u001b[2Jhello.md', CONTROL),
  row('DEL character', 'notes/hello\u007f.md', CONTROL),
  // Real symbolic links in the vault that lead out of it.
  row('link to a folder outside', 'escape-dir/secret.md', SYMLINK_OUT),
  row('link to a file outside', 'escape-note.md', SYMLINK_OUT),
  row('relative link out of a subfolder', 'notes/relative-escape/inner.md', SYMLINK_OUT),
  row('link to the file-system root', 'escape-root/etc/passwd', SYMLINK_OUT),
  row('new note through a link to outside', 'escape-dir/created.md', SYMLINK_OUT),
  row('dangling link to outside', 'dangling.md', SYMLINK_OUT),
  row('link loop', 'loop-a/note.md', BROKEN_LINK),
  // Folders that are never reachable.
  row('the access token', '.vaultplane/token', DATA_DIR),
  row('the token, other case', '.VaultPlane/token', DATA_DIR),
  row('the token, encoded slash', '.vaultplane%2ftoken', DATA_DIR),
  row('the policy file', '.vaultplane/policy.yaml', DATA_DIR, ['read']),
  row('a new note in the data dir', '.vaultplane/planted.md', DATA_DIR, ['write']),
  row('the token through a link into the data dir', 'notes/data-link/token', DATA_DIR),
  row('.git config', '.git/config', GIT_DIR),
  row('nested .git', 'notes/.git/hooks/post-checkout', GIT_DIR),
  row('Obsidian settings', '.obsidian/app.json.md', OBSIDIAN_DIR, ['write']),
  row('Obsidian trash', '.trash/old.md', OBSIDIAN_DIR, ['write']),
  // Shape.
  row('5,000-character path', `${'a/'.repeat(2500)}x.md`, TOO_LONG),
  // (read_note and fromNote take '' as "no path given" and say so; see the content cases.)
  row('empty path', '', EMPTY, ['write']),
  row('only a dot', '.', EMPTY),
  row('only slashes', '///', ABSOLUTE),
];
